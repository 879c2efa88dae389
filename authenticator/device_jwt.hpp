#pragma once
// The proof a device sends with every call after enrolment, in `Authorization: Device <jws>`:
// a compact ES256 JWS (RFC 7515 §7.1) bound to one request by its method and URL, in the manner
// of DPoP (RFC 9449 §4.2: htm, htu, iat, jti), signed fresh for each call so a captured header
// replays nowhere else and, thanks to jti, not even there.
#include <string>

#include <nlohmann/json.hpp>

#include "device_key.hpp"

namespace esc::authenticator {

struct DeviceJwtClaims {
    std::string method; // htm: "GET", "POST"
    std::string url;    // htu: the full request URL, without query or fragment
    // Claims added for a decision (request_id, decision, challenge); an empty object otherwise.
    nlohmann::json extra = nlohmann::json::object();
};

// Header {"alg":"ES256","typ":"device+jwt","kid":device_id}; payload iat (now), a 16-byte jti,
// htm, htu and the extra claims.
std::string make_device_jwt(const DeviceKey& key, const std::string& device_id, const DeviceJwtClaims& claims);

} // namespace esc::authenticator
