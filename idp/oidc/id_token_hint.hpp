#pragma once
#include "endpoints/deps_fwd.hpp"
#include <optional>
#include <string>
#include <string_view>

namespace esc::oidc {

struct IdTokenHint {
    std::string sub;
    std::string client_id; // aud (azp when several)
    std::string sid;
};

// An ID token this provider signed (signature and issuer checked). Its expiry is not checked:
// OIDC Core §3.1.2.1 and RP-Initiated Logout §2 accept an expired ID token as a hint.
std::optional<IdTokenHint> verify_id_token_hint(const Deps& deps, std::string_view token);

} // namespace esc::oidc
