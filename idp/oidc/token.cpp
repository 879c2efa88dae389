#include "oidc/token.hpp"

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "oidc/ciba.hpp"
#include "oidc/client_auth.hpp"
#include "oidc/grants/grants.hpp"

// RFC 6749 §3.2: authenticates the client, then hands the request to its grant (oidc/grants/).
namespace esc::oidc {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

http::Response handle_token(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.body);
    if (!params) return endpoints::token_error(errors::invalid_request("the body is not correctly URL-encoded"));
    auto dup = params->first_duplicate();
    if (!dup.empty()) return endpoints::token_error(errors::invalid_request("parameter " + dup + " is repeated"));
    auto authenticated = authenticate_client(deps, request, *params);
    if (auto* e = std::get_if<OAuthError>(&authenticated)) return endpoints::token_error(*e);
    const auto& client = std::get<const ClientRegistry::Entry*>(authenticated)->client;

    auto grant = params->get("grant_type");
    grants::Outcome outcome = errors::unsupported_grant_type("unsupported grant_type");
    if (grant.empty())
        outcome = errors::invalid_request("grant_type is missing");
    else if (grant == "authorization_code")
        outcome = grants::authorization_code(deps, client, *params);
    else if (grant == "refresh_token")
        outcome = grants::refresh_token(deps, client, *params);
    else if (grant == "client_credentials")
        outcome = grants::client_credentials(deps, client, *params);
    else if (grant == kCibaGrant && deps.config.mobile.enabled)
        outcome = grants::ciba(deps, client, *params);
    if (auto* e = std::get_if<OAuthError>(&outcome)) return endpoints::token_error(*e);
    deps.metrics.count_token(grant);
    auto r = http::Response::json(200, std::move(std::get<std::string>(outcome)));
    r.set("Cache-Control", "no-store");
    r.set("Pragma", "no-cache");
    return r;
}

} // namespace esc::oidc
