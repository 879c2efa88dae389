#pragma once
#include "endpoints/deps_fwd.hpp"
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/oauth_error.hpp"
#include "domain/verified_token.hpp"

namespace esc::oidc {

using domain::VerifiedAccessToken;

// An access token this provider issued: signature (our keys, RS256/ES256 only), issuer, type,
// expiry and revocation all checked. Errors are invalid_token.
std::variant<VerifiedAccessToken, domain::OAuthError> verify_access_token(const Deps& deps, std::string_view token);

} // namespace esc::oidc
