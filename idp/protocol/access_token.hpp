#pragma once
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/oauth_error.hpp"

namespace esc::protocol {

struct Deps;

struct VerifiedAccessToken {
    nlohmann::json claims;
    std::string jti;
    std::string sub;
    std::string client_id;
    std::string scope;
};

// An access token this provider issued: signature (our keys, RS256/ES256 only), issuer, type,
// expiry and revocation all checked. Errors are invalid_token.
std::variant<VerifiedAccessToken, domain::OAuthError> verify_access_token(const Deps& deps, std::string_view token);

} // namespace esc::protocol
