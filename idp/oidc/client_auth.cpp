#include "oidc/client_auth.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "endpoints/deps.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;
using domain::ClientAuthMethod;
using domain::OAuthError;
using Result = std::variant<const ClientRegistry::Entry*, OAuthError>;

namespace {

constexpr std::string_view kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr long long kMaxAssertionLifetime = 600; // seconds an assertion may still be valid for

struct Presented {
    int methods = 0;
    ClientAuthMethod method = ClientAuthMethod::none;
    std::string client_id;
    std::string secret;
    std::string assertion;
};

std::optional<OAuthError> read_presented(const http::Request& request, const http::FormParams& body, Presented& p) {
    auto authz = request.header("Authorization");
    if (authz.size() > 6 && http::iequals(authz.substr(0, 6), "Basic ")) {
        auto decoded = crypto::base64_decode(authz.substr(6));
        auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) return errors::invalid_client("malformed Basic credentials");
        // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
        auto id = http::url_decode(decoded->substr(0, colon));
        auto secret = http::url_decode(decoded->substr(colon + 1));
        if (!id || !secret) return errors::invalid_client("malformed Basic credentials");
        p.client_id = *id;
        p.secret = *secret;
        p.method = ClientAuthMethod::client_secret_basic;
        ++p.methods;
    }
    if (body.has("client_secret")) {
        p.method = ClientAuthMethod::client_secret_post;
        p.secret = body.get("client_secret");
        ++p.methods;
    }
    if (body.has("client_assertion") || body.has("client_assertion_type")) {
        if (body.get("client_assertion_type") != kJwtBearer)
            return errors::invalid_client("client_assertion_type must be " + std::string(kJwtBearer));
        p.method = ClientAuthMethod::private_key_jwt;
        p.assertion = body.get("client_assertion");
        ++p.methods;
    }
    if (p.methods > 1) return errors::invalid_request("use exactly one client authentication method");
    auto body_id = body.get("client_id");
    if (p.method != ClientAuthMethod::client_secret_basic)
        p.client_id = body_id;
    else if (!body_id.empty() && body_id != p.client_id)
        return errors::invalid_client("client_id differs from the authenticated client");
    return std::nullopt;
}

// A string member of the unverified or verified payload; "" when absent or of another type, so a
// hostile `{"sub": 1}` is an authentication failure, never an exception (a 500).
std::string string_claim(const nlohmann::json& claims, const char* name) {
    auto it = claims.find(name);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// RFC 7523bis §5 (audience injection): the audience is this server's issuer identifier as a
// single string. The token endpoint URL (RFC 7523 §3's older wording) only for a client that
// asked for it, and then an array may only hold those two values, never a foreign audience.
bool audience_ok(const Deps& deps, const domain::Client& client, const nlohmann::json& aud) {
    auto ours = [&](const nlohmann::json& a) {
        return a.is_string() &&
               (a == deps.endpoints.issuer || (client.allow_token_endpoint_audience && a == deps.endpoints.token));
    };
    if (aud.is_string()) return ours(aud);
    if (!client.allow_token_endpoint_audience || !aud.is_array() || aud.empty()) return false;
    return std::all_of(aud.begin(), aud.end(), ours);
}

std::optional<OAuthError> check_assertion(const Deps& deps, const ClientRegistry::Entry& entry, Presented& p) {
    auto verified = crypto::verify_jws(p.assertion,
                                       [&](const std::string& kid, crypto::Alg alg) {
                                           std::vector<std::shared_ptr<crypto::PublicKey>> out;
                                           for (const auto& k : entry.keys)
                                               if (k->alg() == alg && (kid.empty() || k->kid() == kid))
                                                   out.push_back(k);
                                           return out;
                                       },
                                       {crypto::Alg::RS256, crypto::Alg::ES256});
    if (!verified) return errors::invalid_client("client assertion signature is not valid");
    auto claims = nlohmann::json::parse(verified.value->payload_json, nullptr, false);
    if (!claims.is_object()) return errors::invalid_client("client assertion payload is not a JSON object");
    std::string id = entry.client.id;
    if (string_claim(claims, "iss") != id || string_claim(claims, "sub") != id)
        return errors::invalid_client("client assertion iss and sub must be the client_id");
    auto aud = claims.contains("aud") ? claims["aud"] : nlohmann::json();
    if (!audience_ok(deps, entry.client, aud))
        return errors::invalid_client("client assertion aud must be this server's issuer identifier");
    auto now = deps.clock.now();
    // RFC 7519 §2 NumericDate: a number, possibly fractional; read as double so that a huge value
    // is refused below instead of overflowing a conversion to an integer.
    if (!claims.contains("exp") || !claims["exp"].is_number())
        return errors::invalid_client("client assertion needs exp");
    double exp_value = claims["exp"].get<double>();
    if (!std::isfinite(exp_value)) return errors::invalid_client("client assertion needs exp");
    if (exp_value <= static_cast<double>(now)) return errors::invalid_client("client assertion has expired");
    if (exp_value > static_cast<double>(now + kMaxAssertionLifetime))
        return errors::invalid_client("client assertion lives too long");
    // Within (now, now + 600]: no overflow; rounded up so the jti is remembered until exp has passed.
    auto exp = static_cast<long long>(std::ceil(exp_value));
    auto jti = string_claim(claims, "jti");
    if (jti.empty()) return errors::invalid_client("client assertion needs jti");
    if (!deps.store.replay().remember_once("pkjwt:" + id + ":" + jti, exp))
        return errors::invalid_client("client assertion was already used");
    return std::nullopt;
}

} // namespace

Result authenticate_client(const Deps& deps, const http::Request& request, const http::FormParams& body) {
    Presented p;
    if (auto e = read_presented(request, body, p)) return *e;
    if (p.method == ClientAuthMethod::private_key_jwt && p.client_id.empty()) {
        // client_id is optional with an assertion (RFC 7523 §3): take it from the unverified sub,
        // verification against that client's keys follows.
        auto parts = p.assertion.find('.');
        auto end = p.assertion.find('.', parts + 1);
        if (parts != std::string::npos && end != std::string::npos) {
            auto payload = crypto::base64url_decode(p.assertion.substr(parts + 1, end - parts - 1));
            auto claims = payload ? nlohmann::json::parse(*payload, nullptr, false) : nlohmann::json();
            if (claims.is_object()) p.client_id = string_claim(claims, "sub");
        }
    }
    if (p.client_id.empty()) return errors::invalid_client("client authentication is required");
    const auto* entry = deps.clients.find(p.client_id);
    if (!entry) return errors::invalid_client("unknown client or bad credentials");
    const auto& client = entry->client;
    if (client.auth_method != p.method)
        return errors::invalid_client("this client must authenticate with its registered method");
    switch (p.method) {
    case ClientAuthMethod::client_secret_basic:
    case ClientAuthMethod::client_secret_post:
        if (!crypto::constant_time_equals(crypto::sha256_b64url(p.secret), client.secret_hash))
            return errors::invalid_client("unknown client or bad credentials");
        break;
    case ClientAuthMethod::private_key_jwt:
        if (auto e = check_assertion(deps, *entry, p)) return *e;
        break;
    case ClientAuthMethod::none:
        if (!client.is_public()) return errors::invalid_client("client authentication is required");
        break;
    }
    return entry;
}

} // namespace esc::oidc
