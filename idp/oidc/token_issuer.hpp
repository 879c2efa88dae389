#pragma once
#include "endpoints/deps_fwd.hpp"
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/account.hpp"
#include "domain/claims_request.hpp"
#include "domain/client.hpp"
#include "domain/grants.hpp"
#include "domain/oauth_error.hpp"
#include "domain/scope.hpp"
#include "storage/store.hpp"

namespace esc::oidc {

// What a grant decided to issue; the issuer signs and stores it.
struct IssueRequest {
    const domain::Client* client = nullptr;
    const domain::Account* account = nullptr; // null for client_credentials
    std::string sid;
    domain::AuthContext auth;
    domain::Scopes scopes;
    std::string nonce;
    std::string acr_requested;
    domain::ClaimsRequest claims;
    std::string claims_json; // the `claims` request as stored with the code, kept by the family
    std::string family_id;   // refresh family; access tokens carry it for revocation
    std::string code_hash;   // the code that started the family
    bool with_id_token = false;
    bool with_refresh_token = false;
    domain::UnixTime refresh_expires_at = 0; // refresh_policy.hpp: capped at the session's end; 0 = full lifetime
};

// The token response (RFC 6749 §5.1) with the PSC fields (refresh_expires_in, session_state).
struct TokenResponse {
    std::string access_token;
    long long expires_in = 0;
    std::string scope;
    std::string session_state; // omitted when empty
    std::string refresh_token; // omitted when empty
    long long refresh_expires_in = 0;
    std::string id_token; // omitted when empty
    // Serialized by hand: this body is on the hottest path and nlohmann's escaping of two long
    // tokens cost more than building them.
    std::string to_json() const;
};

// A signed token response and the rows to write for it. Nothing is stored yet: the grant writes
// `writes` in the transaction that redeems its code or refresh token (storage::IssuedTokens).
struct PreparedTokens {
    TokenResponse response;
    storage::IssuedTokens writes;
};

// Signs the access token (and ID token) and generates the refresh token.
std::variant<PreparedTokens, domain::OAuthError> prepare_tokens(const Deps& deps, const IssueRequest& request);

} // namespace esc::oidc
