#include "domain/authorization_limits.hpp"

#include <string>

#include "domain/claims_request.hpp"
#include "domain/utf8.hpp"

namespace esc::domain {

std::optional<std::size_t> authorization_parameter_bound(std::string_view name) {
    struct Bound {
        std::string_view name;
        std::size_t max_bytes;
    };
    // RFC 7636 §4.1-4.2: a challenge is 43 to 128 characters; the rest are ours to choose, far
    // above what a relying party sends.
    static constexpr Bound kBounds[] = {
        {"state", kMaxStateBytes},
        {"nonce", kMaxNonceBytes},
        {"login_hint", kMaxLoginHintBytes},
        {"ui_locales", kMaxUiLocalesBytes},
        {"claims", kMaxClaimsRequestBytes},
        {"acr_values", kMaxAcrValuesBytes},
        {"scope", kMaxScopeBytes},
        {"code_challenge", 128},
        {"code_challenge_method", 16},
        {"prompt", 128},
        {"max_age", 20},
        {"response_type", 64},
        {"response_mode", 32},
        {"id_token_hint", 16384},
    };
    for (const auto& b : kBounds)
        if (b.name == name) return b.max_bytes;
    return std::nullopt;
}

std::optional<OAuthError> check_authorization_parameter(std::string_view name, std::string_view value) {
    auto bound = authorization_parameter_bound(name);
    if (!bound) return std::nullopt;
    if (value.size() > *bound)
        return oauth_errors::invalid_request(std::string(name) + " is longer than " + std::to_string(*bound) +
                                             " bytes");
    if (!is_valid_utf8(value)) return oauth_errors::invalid_request(std::string(name) + " is not valid UTF-8");
    return std::nullopt;
}

} // namespace esc::domain
