#pragma once
#include <string>
#include <variant>

#include "domain/client.hpp"
#include "domain/oauth_error.hpp"
#include "endpoints/deps_fwd.hpp"
#include "http/form.hpp"
#include "oidc/token_issuer.hpp"

// The grants of the token endpoint, one file each. token.cpp only authenticates the client and
// dispatches on grant_type; a grant checks its own parameters and writes what it issues in one
// store transaction.
namespace esc::oidc::grants {

// A grant's answer: the serialized token response, or an error.
using Outcome = std::variant<std::string, domain::OAuthError>;

Outcome authorization_code(const Deps& deps, const domain::Client& client, const http::FormParams& params);
Outcome refresh_token(const Deps& deps, const domain::Client& client, const http::FormParams& params);
Outcome client_credentials(const Deps& deps, const domain::Client& client, const http::FormParams& params);
Outcome ciba(const Deps& deps, const domain::Client& client, const http::FormParams& params);

// Shared by the user grants (user_grant.cpp).
IssueRequest user_grant(const domain::Client& client, const domain::Account& account, const std::string& sid,
                        const domain::AuthContext& auth, const domain::Scopes& scopes);
bool bind_to_session(const Deps& deps, const domain::Client& client, IssueRequest& r);

} // namespace esc::oidc::grants
