#include "device_jwt.hpp"

#include <chrono>

#include "encoding.hpp"

namespace esc::authenticator {
namespace {

// 128 bits: a jti the idp can remember for the token's lifetime without fearing collisions.
constexpr std::size_t kJtiBytes = 16;

long long now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

std::string make_device_jwt(const DeviceKey& key, const std::string& device_id, const DeviceJwtClaims& claims) {
    const nlohmann::json header = {{"alg", "ES256"}, {"typ", "device+jwt"}, {"kid", device_id}};
    nlohmann::json payload = claims.extra.is_object() ? claims.extra : nlohmann::json::object();
    payload["iat"] = now_seconds();
    payload["jti"] = base64url_encode(random_bytes(kJtiBytes));
    payload["htm"] = claims.method;
    payload["htu"] = claims.url;
    // RFC 7515 §5.1: the signature covers ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
    const std::string signing_input = base64url_encode(header.dump()) + '.' + base64url_encode(payload.dump());
    return signing_input + '.' + base64url_encode(key.sign_es256(signing_input));
}

} // namespace esc::authenticator
