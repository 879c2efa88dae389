#include "protocol/routes.hpp"

#include <memory>

#include "protocol/authorize.hpp"
#include "protocol/deps.hpp"
#include "protocol/discovery.hpp"
#include "protocol/end_session.hpp"
#include "protocol/introspect_revoke.hpp"
#include "protocol/login.hpp"
#include "protocol/portal.hpp"
#include "protocol/respond.hpp"
#include "protocol/token.hpp"
#include "protocol/userinfo.hpp"
#include "web/pages.hpp"
#include "web/stylesheet.hpp"

namespace esc::protocol {

namespace {

http::Response cached_json(const std::string& body, int max_age) {
    auto r = http::Response::json(200, body);
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age));
    r.set("Access-Control-Allow-Origin", "*"); // public metadata, read by browser-based RPs
    return r;
}

// Ready only when the store can be read and written: a full disk or a read-only file fails every
// login and token request, so the node must leave the load balancer (503 with the reason).
http::Response readiness(const Deps& deps) {
    try {
        deps.store.schema_version();
        if (auto problem = deps.store.write_problem(); !problem.empty())
            return http::Response::text(503, "store not writable: " + problem + "\n");
        return http::Response::text(200, "ready\n");
    } catch (const std::exception& e) {
        return http::Response::text(503, std::string("store unavailable: ") + e.what() + "\n");
    }
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
    const std::string oidc = base + "/protocol/openid-connect";
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
    router.add({"authorize", {"GET", "POST"}, oidc + "/auth", bind(handle_authorize), false, true});
    router.add({"token", {"POST"}, oidc + "/token", bind(handle_token), false, true});
    router.add({"userinfo", {"GET", "POST"}, oidc + "/userinfo", bind(handle_userinfo), false, true});
    router.add({"end_session", {"GET", "POST"}, oidc + "/logout", bind(handle_end_session), false, true});
    router.add({"introspect", {"POST"}, oidc + "/token/introspect", bind(handle_introspect), false, true});
    router.add({"revoke", {"POST"}, oidc + "/revoke", bind(handle_revoke), false, true});
    router.add({"login_page", {"GET"}, deps.endpoints.login, bind(handle_login_page), false, true});
    router.add({"portal", {"GET"}, "/", bind(handle_portal)});
    router.add({"portal_logout", {"POST"}, "/logout", bind(handle_portal_logout), false, true});
    // The login POST shares the page's path; Argon2id runs on the blocking pool.
    router.add({"login_submit", {"POST"}, deps.endpoints.login, bind(handle_login_submit), true, true});
    router.add({"healthz", {"GET"}, "/healthz", [](http::Request&) { return http::Response::text(200, "ok\n"); }});
    router.add({"readyz", {"GET"}, "/readyz", [&deps](http::Request&) { return readiness(deps); }});
    router.add({"metrics", {"GET"}, "/metrics", [&deps](http::Request&) {
                    auto r = http::Response::text(200, deps.metrics.render());
                    r.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    return r;
                }});
    // Readiness and metrics say more than a public client needs: admin listener only; liveness on both.
    router.set_exposure("readyz", http::Exposure::admin_only);
    router.set_exposure("metrics", http::Exposure::admin_only);
    router.set_exposure("healthz", http::Exposure::everywhere);
    router.add({"stylesheet", {"GET"}, "/static/esculape.css", [](http::Request& r) { return stylesheet(r); }});
    router.add({"jwks", {"GET"}, oidc + "/certs", [&deps](http::Request&) {
                    return cached_json(deps.keys.jwks_json(), 300);
                }});
    // Discovery is computed once from the finished table (it must see every route above).
    auto document = std::make_shared<std::string>();
    router.add({"discovery", {"GET"}, base + "/.well-known/openid-configuration", [document](http::Request&) {
                    return cached_json(*document, 3600);
                }});
    router.add(
        {"discovery_wallet", {"GET"}, base + "/.well-known/wallet-openid-configuration", [document](http::Request&) {
             return cached_json(*document, 3600);
         }});
    *document = discovery_document(deps, router);
    router.set_not_found([&deps](http::Request& r) {
        if (r.header("Accept").find("text/html") == std::string_view::npos) return http::Router::not_found();
        return page(404, deps.pages.render_message("Page introuvable",
                                                   "L’adresse demandée n’existe pas sur ce serveur. Vérifiez le lien "
                                                   "ou revenez à l’accueil."));
    });
    return router;
}

} // namespace esc::protocol
