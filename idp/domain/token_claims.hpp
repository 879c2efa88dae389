#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/grants.hpp"
#include "domain/scope.hpp"
#include "domain/time.hpp"

// Claim sets of the signed tokens (psc-profile.md "Tokens"). The protocol layer fills a plain struct
// and signs what comes out; nothing here knows about keys or HTTP.
namespace esc::domain {

struct AccessTokenInput {
    std::string issuer;
    std::string subject;   // subject_for()
    std::string client_id; // `azp` and `client_id` (RFC 9068 §2.2)
    std::string audience;  // `aud` as a single string (cpp-jwt rejects arrays); omitted when ""
    std::string scope;     // granted scopes, space-separated
    std::string jti;       // unique id, remembered for revocation
    std::string sid;       // session id; also `session_state`, which Keycloak sets to the same value
    std::string acr;       // acr_to_emit()
    AuthContext auth;      // auth_time and authMode
    UnixTime issued_at = 0;
    UnixTime expires_at = 0;
    std::string preferred_username;                     // national id (PSC), or login for an unlinked account
    nlohmann::json other_ids = nlohmann::json::array(); // other_ids()
    std::string cnf_x5t_s256;                           // RFC 8705 §3.1 certificate thumbprint; omitted when ""
};

// iss sub exp iat jti azp client_id scope sid session_state acr auth_time authMode
// preferred_username otherIds typ ("Bearer", as Keycloak), aud when given, cnf when bound.
// Empty optional strings (sid, acr) are omitted rather than sent as "".
nlohmann::json build_access_token_claims(const AccessTokenInput& in);

struct IdTokenInput {
    std::string issuer;
    std::string subject;
    std::string client_id; // `aud` (a single string) and `azp`
    std::string nonce;     // omitted when "" (OIDC Core §2: only when sent in the request)
    std::string sid;       // OIDC Front/Back-Channel Logout `sid`
    std::string acr;       // acr_to_emit()
    std::string at_hash;   // OIDC Core §3.1.3.6, optional in the code flow; omitted when ""
    AuthContext auth;      // auth_time, amr, authMode, and auth_level from auth.acr
    UnixTime issued_at = 0;
    UnixTime expires_at = 0;
    nlohmann::json identity = nlohmann::json::object(); // build_identity_claims() of the account
    Scopes scopes;                                      // granted scopes
    std::vector<std::string> requested_claims;          // ClaimsRequest::id_token_names()
};

// iss sub aud azp exp iat auth_time nonce acr amr sid authMode auth_level, plus the identity claims
// requested for the ID token that the granted scopes cover (select_requested_claims). Protocol
// claims always win over an identity claim of the same name.
nlohmann::json build_id_token_claims(const IdTokenInput& in);

} // namespace esc::domain
