#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/oauth_error.hpp"

// The OIDC `claims` request parameter (OIDC Core §5.5): which individual claims the RP wants in
// the ID token and at the UserInfo endpoint, optionally essential or with required values.
namespace esc::domain {

inline constexpr std::size_t kMaxClaimsRequestBytes = 8192;

// One member of `userinfo` / `id_token` (OIDC Core §5.5.1): null or {essential, value, values}.
struct ClaimRequest {
    bool essential = false;
    std::optional<nlohmann::json> value; // the single value the claim must have
    std::vector<nlohmann::json> values;  // acceptable values, in order of preference
};

using ClaimRequests = std::map<std::string, ClaimRequest>;

struct ClaimsRequest {
    ClaimRequests userinfo;
    ClaimRequests id_token;

    bool empty() const { return userinfo.empty() && id_token.empty(); }
    std::vector<std::string> userinfo_names() const;
    std::vector<std::string> id_token_names() const;
    // Requested values for a claim of the ID token: `value` first, then `values`; strings only.
    std::vector<std::string> id_token_string_values(const std::string& claim) const;
    bool id_token_essential(const std::string& claim) const;
};

// "" (parameter absent) gives an empty request. Anything that is not a JSON object whose
// `userinfo` / `id_token` members are objects of null-or-object entries, with a boolean
// `essential` and an array `values`, is invalid_request (OIDC Core §5.5). Other top-level
// members are ignored (extensions). `acr` values must be strings: they are compared to ours.
std::variant<ClaimsRequest, OAuthError> parse_claims_request(std::string_view text);

} // namespace esc::domain
