#include "endpoints/deps.hpp"

namespace esc::endpoints {

Endpoints Endpoints::from_issuer(const std::string& issuer, const std::string& base_path) {
    Endpoints e;
    e.issuer = issuer;
    e.base_path = base_path;
    const std::string oidc = issuer + "/protocol/openid-connect";
    e.authorization = oidc + "/auth";
    e.token = oidc + "/token";
    e.userinfo = oidc + "/userinfo";
    e.end_session = oidc + "/logout";
    e.introspection = oidc + "/token/introspect";
    e.revocation = oidc + "/revoke";
    e.jwks = oidc + "/certs";
    e.login = base_path + "/login";
    e.portal = "/";
    return e;
}

} // namespace esc::endpoints
