#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "oidc/grants/grants.hpp"

namespace esc::oidc::grants {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

// RFC 6749 §4.4: the client acting on its own behalf.
Outcome client_credentials(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
    if (client.is_public() || !client.allows_grant("client_credentials"))
        return errors::unauthorized_client("client_credentials is not allowed for this client");
    auto asked = domain::parse_scope(p.get("scope"));
    if (!asked) return errors::invalid_scope("scope contains invalid characters");
    auto scopes = domain::grantable_scopes(*asked, client);
    std::erase(scopes, std::string("openid")); // no end-user: no OpenID Connect
    IssueRequest r;
    r.client = &client;
    r.scopes = scopes;
    auto prepared = prepare_tokens(deps, r);
    if (auto* e = std::get_if<OAuthError>(&prepared)) return *e;
    return std::get<PreparedTokens>(prepared).response.to_json(); // nothing to store: no family
}

} // namespace esc::oidc::grants
