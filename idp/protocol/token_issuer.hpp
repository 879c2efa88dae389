#pragma once
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/account.hpp"
#include "domain/claims_request.hpp"
#include "domain/client.hpp"
#include "domain/grants.hpp"
#include "domain/oauth_error.hpp"
#include "domain/scope.hpp"

namespace esc::protocol {

struct Deps;

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
    std::string family_id;       // refresh family; access tokens carry it for revocation
    std::string code_hash;       // the code that started the family
    bool with_id_token = false;
    bool with_refresh_token = false;
};

// Signs the access token (and ID token), stores the refresh token, and returns the token
// response body with the PSC fields (refresh_expires_in, session_state, scope).
std::variant<nlohmann::json, domain::OAuthError> issue_tokens(const Deps& deps, const IssueRequest& request);

} // namespace esc::protocol
