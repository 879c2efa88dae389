#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace esc::domain {

// What the end-user authenticated with; drives acr/amr/authMode (PSC profile).
struct AuthContext {
    UnixTime auth_time = 0;
    std::string acr;              // eidas1 | eidas2 | eidas3
    std::vector<std::string> amr; // e.g. ["pwd"]
    std::string auth_mode;        // PASSWORD | CARD | MOBILE | CERTIFICATE
    // The login methods proven (domain::method_name), kept by the session so that a step-up adds
    // a factor to them; codes and tokens carry only acr/amr/authMode.
    std::vector<std::string> methods;
};

// SSO session of a browser (cookie holds the id; the store keeps only its hash).
struct Session {
    std::string id_hash; // SHA-256 (base64url) of the cookie value
    std::string sid;     // public session id put in tokens as `sid` / `session_state`
    std::int64_t account_id = 0;
    AuthContext auth;
    UnixTime created_at = 0;
    UnixTime last_seen = 0;
    UnixTime expires_at = 0; // absolute end
};

// Authorization code (RFC 6749 §4.1.2), stored only as a hash and consumed once.
struct AuthCode {
    std::string code_hash;
    std::string client_id;
    std::string redirect_uri;
    std::int64_t account_id = 0;
    std::string sid;
    std::string scope;
    std::string nonce;
    std::string code_challenge;
    std::string code_challenge_method; // "S256", "plain" or empty
    std::string claims_json;           // the `claims` request parameter, if any
    std::string acr_requested;         // acr_values as sent (for per-client echo)
    AuthContext auth;
    UnixTime expires_at = 0;
    bool used = false;
};

// Refresh token, stored only as a hash; tokens rotated from one another share a family.
struct RefreshToken {
    std::string token_hash;
    std::string family_id;
    std::string client_id;
    std::int64_t account_id = 0;
    std::string sid;
    std::string scope;
    std::string code_hash; // the code that started the family (to revoke on code replay)
    AuthContext auth;
    UnixTime issued_at = 0;
    UnixTime expires_at = 0;
    bool used = false; // rotated already: presenting it again is reuse
    bool revoked = false;
    std::string claims_json;    // the `claims` request of the grant (OIDC Core §5.5), kept by the family
    UnixTime grace_until = 0;   // once rotated: end of the reuse grace interval (0 = none)
    std::string grace_response; // once rotated: the sealed response given for it, until grace_until
};

// An access token issued as a JWT, remembered so that revocation and code replay can cut it.
struct IssuedAccessToken {
    std::string jti;
    std::string client_id;
    std::string family_id; // refresh family or code hash that produced it
    UnixTime expires_at = 0;
    std::string claims_json; // the `claims` request of the grant, read back by UserInfo
};

} // namespace esc::domain
