#include "endpoints/routes.hpp"

#include <memory>

#include "admin/operations.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "oidc/authorize.hpp"
#include "oidc/discovery.hpp"
#include "oidc/end_session.hpp"
#include "oidc/introspect_revoke.hpp"
#include "oidc/token.hpp"
#include "oidc/userinfo.hpp"
#include "portal/login.hpp"
#include "portal/portal.hpp"
#include "web/pages.hpp"
#include "web/stylesheet.hpp"

namespace esc::endpoints {

namespace {

http::Response cached_json(const std::string& body, int max_age) {
    auto r = http::Response::json(200, body);
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age));
    r.set("Access-Control-Allow-Origin", "*"); // public metadata, read by browser-based RPs
    return r;
}

http::Response stylesheet(const http::Request& request) {
    auto etag = web::stylesheet_etag();
    if (request.header("If-None-Match") == etag) {
        http::Response r;
        r.status = 304;
        r.set("ETag", etag);
        return r;
    }
    http::Response r;
    r.body = std::string(web::stylesheet());
    r.set("Content-Type", "text/css; charset=utf-8");
    r.set("Cache-Control", "public, max-age=86400");
    r.set("ETag", etag);
    return r;
}

} // namespace

http::Router build_router(const Deps& deps) {
    http::Router router;
    const auto& base = deps.endpoints.base_path;
    const std::string oidc_base = base + "/protocol/openid-connect";
    // The one place where a storage failure of any handler becomes a response (respond.cpp).
    auto bind = [&deps](http::Response (*fn)(http::Request&, const Deps&)) {
        return [fn, &deps](http::Request& r) {
            try {
                return fn(r, deps);
            } catch (const storage::StorageError& e) {
                return storage_failure(e);
            }
        };
    };
    using http::Exposure;
    // OAuth/OIDC endpoints: their query strings carry codes, tokens and hints, never logged.
    router.add({.name = "authorize",
                .methods = {"GET", "POST"},
                .path = oidc_base + "/auth",
                .handler = bind(oidc::handle_authorize),
                .sensitive_query = true});
    router.add({.name = "token",
                .methods = {"POST"},
                .path = oidc_base + "/token",
                .handler = bind(oidc::handle_token),
                .sensitive_query = true});
    router.add({.name = "userinfo",
                .methods = {"GET", "POST"},
                .path = oidc_base + "/userinfo",
                .handler = bind(oidc::handle_userinfo),
                .sensitive_query = true});
    router.add({.name = "end_session",
                .methods = {"GET", "POST"},
                .path = oidc_base + "/logout",
                .handler = bind(oidc::handle_end_session),
                .sensitive_query = true});
    router.add({.name = "introspect",
                .methods = {"POST"},
                .path = oidc_base + "/token/introspect",
                .handler = bind(oidc::handle_introspect),
                .sensitive_query = true});
    router.add({.name = "revoke",
                .methods = {"POST"},
                .path = oidc_base + "/revoke",
                .handler = bind(oidc::handle_revoke),
                .sensitive_query = true});
    router.add({.name = "jwks", .methods = {"GET"}, .path = oidc_base + "/certs", .handler = [&deps](http::Request&) {
                    return cached_json(deps.keys.jwks_json(), 300);
                }});
    // Pages professionals see. The login POST shares the page's path; Argon2id runs on the blocking pool.
    router.add({.name = "login_page",
                .methods = {"GET"},
                .path = deps.endpoints.login,
                .handler = bind(portal::handle_login_page),
                .sensitive_query = true});
    router.add({.name = "login_submit",
                .methods = {"POST"},
                .path = deps.endpoints.login,
                .handler = bind(portal::handle_login_submit),
                .blocking = true,
                .sensitive_query = true});
    router.add({.name = "portal", .methods = {"GET"}, .path = "/", .handler = bind(portal::handle_portal)});
    router.add({.name = "portal_logout",
                .methods = {"POST"},
                .path = "/logout",
                .handler = bind(portal::handle_portal_logout),
                .sensitive_query = true});
    router.add(
        {.name = "stylesheet", .methods = {"GET"}, .path = "/static/esculape.css", .handler = [](http::Request& r) {
             return stylesheet(r);
         }});
    // Operations: readiness and metrics say more than a public client needs (admin listener only);
    // liveness on both.
    router.add({.name = "healthz",
                .methods = {"GET"},
                .path = "/healthz",
                .handler = [](http::Request&) { return http::Response::text(200, "ok\n"); },
                .exposure = Exposure::everywhere});
    router.add({.name = "readyz",
                .methods = {"GET"},
                .path = "/readyz",
                .handler = bind(admin::handle_readiness),
                .exposure = Exposure::admin_only});
    router.add({.name = "metrics",
                .methods = {"GET"},
                .path = "/metrics",
                .handler = bind(admin::handle_metrics),
                .exposure = Exposure::admin_only});
    // Discovery is computed once from the finished table (it must see every route above).
    auto document = std::make_shared<std::string>();
    router.add({"discovery", {"GET"}, base + "/.well-known/openid-configuration", [document](http::Request&) {
                    return cached_json(*document, 3600);
                }});
    router.add(
        {"discovery_wallet", {"GET"}, base + "/.well-known/wallet-openid-configuration", [document](http::Request&) {
             return cached_json(*document, 3600);
         }});
    *document = oidc::discovery_document(deps, router);
    router.set_not_found([&deps](http::Request& r) {
        if (r.header("Accept").find("text/html") == std::string_view::npos) return http::Router::not_found();
        return page(404, deps.pages.render_message("Page introuvable",
                                                   "L’adresse demandée n’existe pas sur ce serveur. Vérifiez le lien "
                                                   "ou revenez à l’accueil."));
    });
    return router;
}

} // namespace esc::endpoints
