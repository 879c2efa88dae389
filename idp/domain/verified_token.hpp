#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace esc::domain {

// An access token this provider issued, once its signature, issuer, type and expiry were checked:
// what the resource endpoints (userinfo, introspection) and the verified-token cache hold.
struct VerifiedAccessToken {
    nlohmann::json claims;
    std::string jti;
    std::string sub;
    std::string client_id;
    std::string scope;
};

} // namespace esc::domain
