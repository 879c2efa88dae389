#pragma once
// The code and refresh-token records the token-exchange cases (conformance/ and sqlite/) redeem.
#include <string>

#include "storage/store.hpp"

namespace esc::storage::test {

inline esc::domain::AuthCode make_code(const std::string& hash) {
    esc::domain::AuthCode code;
    code.code_hash = hash;
    code.client_id = "client-dmp";
    code.redirect_uri = "https://rp.example/cb";
    code.account_id = 3;
    code.sid = "sid-1";
    code.scope = "openid scope_all";
    code.auth = {900, "eidas1", {"pwd"}, "PASSWORD"};
    code.expires_at = 1060;
    return code;
}

inline esc::domain::RefreshToken make_refresh(const std::string& hash, const std::string& family) {
    esc::domain::RefreshToken token;
    token.token_hash = hash;
    token.family_id = family;
    token.client_id = "client-dmp";
    token.account_id = 3;
    token.sid = "sid-1";
    token.scope = "openid scope_all";
    token.code_hash = "code-1";
    token.auth = {900, "eidas1", {"pwd"}, "PASSWORD"};
    token.claims_json = R"({"userinfo":{"given_name":null}})";
    token.issued_at = 1000;
    token.expires_at = 2800;
    return token;
}

inline IssuedTokens issued(const std::string& refresh_hash, const std::string& jti, const std::string& family) {
    IssuedTokens out;
    out.refresh = make_refresh(refresh_hash, family);
    out.access = esc::domain::IssuedAccessToken{jti, "client-dmp", family, 1120, R"({"userinfo":{"given_name":null}})"};
    return out;
}

} // namespace esc::storage::test
