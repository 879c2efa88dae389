#include "endpoints/routes.hpp"

#include <memory>

#include "admin/console_access.hpp"
#include "admin/console_audit.hpp"
#include "admin/console_certificates.hpp"
#include "admin/console_grant.hpp"
#include "admin/console_services.hpp"
#include "admin/deliveries.hpp"
#include "admin/operations.hpp"
#include "device/device_api.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "oidc/authorize.hpp"
#include "oidc/ciba.hpp"
#include "oidc/discovery.hpp"
#include "oidc/end_session.hpp"
#include "oidc/introspect_revoke.hpp"
#include "oidc/token.hpp"
#include "oidc/userinfo.hpp"
#include "portal/account.hpp"
#include "portal/authenticator.hpp"
#include "portal/login.hpp"
#include "portal/passkeys.hpp"
#include "portal/password.hpp"
#include "portal/password_change.hpp"
#include "portal/portal.hpp"
#include "portal/registration.hpp"
#include "portal/workstation_certificates.hpp"
#include "portal/workstation_login.hpp"
#include "web/pages.hpp"
#include "web/stylesheet.hpp"
#include "web/views/message.hpp"

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
    auto path = [&base](std::string_view name) { return route_path(name, base); };
    // Handlers take the shared dependencies; the route table binds them.
    auto bind = [&deps](http::Response (*fn)(http::Request&, const Deps&)) {
        return [fn, &deps](http::Request& r) { return fn(r, deps); };
    };
    // The one place where a handler's failure becomes a response (respond.cpp): an error page on
    // a browser's route, JSON elsewhere.
    auto add = [&router, &deps](http::Route route) {
        route.handler = [inner = std::move(route.handler), html = route.html, &deps](http::Request& r) {
            try {
                return inner(r);
            } catch (const storage::StorageError& e) {
                return storage_failure(deps, html, e);
            } catch (const std::exception& e) {
                return unexpected_failure(deps, html, e);
            }
        };
        route.discovery_key = std::string(discovery_key_of(route.name));
        router.add(std::move(route));
    };
    using http::Exposure;
    // Every route that may write to the store (a code, a token, a revocation, a session touched, the
    // readiness probe) runs on the store pool (http::Pool): reads stay on the I/O threads.
    // OAuth/OIDC endpoints: their query strings carry codes, tokens and hints, never logged.
    add({.name = "authorize",
         .methods = {"GET", "POST"},
         .path = path("authorize"),
         .handler = bind(oidc::handle_authorize),
         .pool = http::Pool::store,
         .sensitive_query = true,
         .html = true});
    add({.name = "token",
         .methods = {"POST"},
         .path = path("token"),
         .handler = bind(oidc::handle_token),
         .pool = http::Pool::store,
         .sensitive_query = true});
    add({.name = "userinfo",
         .methods = {"GET", "POST"},
         .path = path("userinfo"),
         .handler = bind(oidc::handle_userinfo),
         .sensitive_query = true});
    add({.name = "end_session",
         .methods = {"GET", "POST"},
         .path = path("end_session"),
         .handler = bind(oidc::handle_end_session),
         .pool = http::Pool::store,
         .sensitive_query = true,
         .html = true});
    add({.name = "introspect",
         .methods = {"POST"},
         .path = path("introspect"),
         .handler = bind(oidc::handle_introspect),
         .sensitive_query = true});
    add({.name = "revoke",
         .methods = {"POST"},
         .path = path("revoke"),
         .handler = bind(oidc::handle_revoke),
         .pool = http::Pool::store,
         .sensitive_query = true});
    add({.name = "jwks", .methods = {"GET"}, .path = path("jwks"), .handler = [&deps](http::Request&) {
             return cached_json(deps.keys.jwks_json(), 300);
         }});
    // Pages professionals see. The login POST shares the page's path; Argon2id runs on the password pool.
    add({.name = "login_page",
         .methods = {"GET"},
         .path = path("login"),
         .handler = bind(portal::handle_login_page),
         .sensitive_query = true,
         .html = true});
    add({.name = "login_submit",
         .methods = {"POST"},
         .path = path("login"),
         .handler = bind(portal::handle_login_submit),
         .pool = http::Pool::password,
         .sensitive_query = true,
         .html = true});
    add({.name = "login_card",
         .methods = {"POST"},
         .path = path("login_card"),
         .handler = bind(portal::handle_card_login),
         .pool = http::Pool::store,
         .sensitive_query = true,
         .html = true});
    // Console pages: HTML, on the store pool (sessions are touched, decisions written).
    auto console_page = [&](const char* name, const char* method, const char* route,
                            http::Response (*fn)(http::Request&, const Deps&)) {
        add({.name = name,
             .methods = {method},
             .path = path(route),
             .handler = bind(fn),
             .pool = http::Pool::store,
             .html = true});
    };
    // The access requests: referents, helpdesk and administrators (the guard scopes each page).
    console_page("console_access", "GET", "console_access", admin::handle_console_access);
    console_page("console_access_record", "GET", "console_access_record", admin::handle_console_access_record);
    console_page("console_access_decide", "POST", "console_access_record", admin::handle_console_access_decide);
    console_page("console_access_reauth", "POST", "console_access_reauth", admin::handle_console_access_reauth);
    // The administration pages exist once there are administrators ([console]).
    if (!deps.config.console.administrators.empty()) {
        console_page("console_access_grant", "GET", "console_access_grant", admin::handle_console_grant);
        console_page("console_access_grant_submit", "POST", "console_access_grant", admin::handle_console_grant_submit);
        console_page("console_audit", "GET", "console_audit", admin::handle_console_audit);
        console_page("console_services", "GET", "console_services", admin::handle_console_services);
        console_page("console_services_submit", "POST", "console_services", admin::handle_console_services_submit);
    }
    if (deps.config.workstation.enabled && deps.workstation_ca) {
        add({.name = "account_certificates_page",
             .methods = {"GET"},
             .path = path("account_certificates"),
             .handler = bind(portal::handle_certificates_page),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "account_certificates_submit",
             .methods = {"POST"},
             .path = path("account_certificates"),
             .handler = bind(portal::handle_certificates_submit),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "certificate_withdraw_page",
             .methods = {"GET"},
             .path = path("certificate_withdraw"),
             .handler = bind(portal::handle_withdrawal_page),
             .pool = http::Pool::store,
             .sensitive_query = true,
             .html = true});
        add({.name = "certificate_withdraw_submit",
             .methods = {"POST"},
             .path = path("certificate_withdraw"),
             .handler = bind(portal::handle_withdrawal_submit),
             .pool = http::Pool::password, // key generation and PKCS#12 encryption: CPU work
             .html = true});
        add({.name = "login_workstation",
             .methods = {"POST"},
             .path = path("login_workstation"),
             .handler = bind(portal::handle_workstation_step_up),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "workstation_crl",
             .methods = {"GET"},
             .path = path("workstation_crl"),
             .handler = bind(portal::handle_workstation_crl),
             .pool = http::Pool::store});
        console_page("console_certificates_page", "GET", "console_certificates", admin::handle_console_certificates);
        console_page("console_certificates_submit", "POST", "console_certificates",
                     admin::handle_console_certificates_submit);
    }
    if (deps.config.passkey.enabled) {
        add({.name = "login_passkey",
             .methods = {"POST"},
             .path = path("login_passkey"),
             .handler = bind(portal::handle_passkey_login),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "account_passkeys_page",
             .methods = {"GET"},
             .path = path("account_passkeys"),
             .handler = bind(portal::handle_passkeys_page),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "account_passkeys_submit",
             .methods = {"POST"},
             .path = path("account_passkeys"),
             .handler = bind(portal::handle_passkeys_submit),
             .pool = http::Pool::store,
             .html = true});
    }
    if (deps.config.ocra.enabled) {
        add({.name = "login_ocra",
             .methods = {"POST"},
             .path = path("login_ocra"),
             .handler = bind(portal::handle_ocra_login),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "login_ocra_answer",
             .methods = {"POST"},
             .path = path("login_ocra_answer"),
             .handler = bind(portal::handle_ocra_answer),
             .pool = http::Pool::store,
             .html = true});
    }
    // The phone authenticator and CIBA exist only when [mobile] enables them (discovery follows).
    if (deps.config.mobile.enabled) {
        add({.name = "login_mobile",
             .methods = {"POST"},
             .path = path("login_mobile"),
             .handler = bind(portal::handle_mobile_login),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "login_mobile_check",
             .methods = {"POST"},
             .path = path("login_mobile_check"),
             .handler = bind(portal::handle_mobile_check),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "device_enroll",
             .methods = {"POST"},
             .path = path("device_enroll"),
             .handler = bind(device::handle_enroll),
             .pool = http::Pool::store});
        add({.name = "device_requests",
             .methods = {"GET"},
             .path = path("device_requests"),
             .handler = bind(device::handle_requests),
             .pool = http::Pool::store});
        add({.name = "device_decision",
             .methods = {"POST"},
             .path = path("device_decision"),
             .handler = bind(device::handle_decision),
             .pool = http::Pool::store});
        add({.name = "ciba",
             .methods = {"POST"},
             .path = path("ciba"),
             .handler = bind(oidc::handle_ciba),
             .pool = http::Pool::store});
        add({.name = "account_authenticator_page",
             .methods = {"GET"},
             .path = path("account_authenticator"),
             .handler = bind(portal::handle_authenticator_page),
             .pool = http::Pool::store,
             .html = true});
        add({.name = "account_authenticator_submit",
             .methods = {"POST"},
             .path = path("account_authenticator"),
             .handler = bind(portal::handle_authenticator_submit),
             .pool = http::Pool::store,
             .html = true});
    }
    add({.name = "portal",
         .methods = {"GET"},
         .path = path("portal"),
         .handler = bind(portal::handle_portal),
         .pool = http::Pool::store,
         .html = true});
    add({.name = "portal_logout",
         .methods = {"POST"},
         .path = path("portal_logout"),
         .handler = bind(portal::handle_portal_logout),
         .pool = http::Pool::store,
         .sensitive_query = true,
         .html = true});
    // Password recovery: the forgot form writes a link and its mail; the reset form runs Argon2id.
    add({.name = "password_forgot_page",
         .methods = {"GET"},
         .path = path("password_forgot"),
         .handler = bind(portal::handle_password_forgot_page),
         .html = true});
    add({.name = "password_forgot_submit",
         .methods = {"POST"},
         .path = path("password_forgot"),
         .handler = bind(portal::handle_password_forgot_submit),
         .pool = http::Pool::store,
         .html = true});
    add({.name = "password_reset_page",
         .methods = {"GET"},
         .path = path("password_reset"),
         .handler = bind(portal::handle_password_reset_page),
         .sensitive_query = true, // the link's token
         .html = true});
    add({.name = "password_reset_submit",
         .methods = {"POST"},
         .path = path("password_reset"),
         .handler = bind(portal::handle_password_reset_submit),
         .pool = http::Pool::password,
         .sensitive_query = true,
         .html = true});
    // The change forced after a login with an expired or temporary password.
    add({.name = "password_change_page",
         .methods = {"GET"},
         .path = path("password_change"),
         .handler = bind(portal::handle_password_change_page),
         .sensitive_query = true,
         .html = true});
    add({.name = "password_change_submit",
         .methods = {"POST"},
         .path = path("password_change"),
         .handler = bind(portal::handle_password_change_submit),
         .pool = http::Pool::password,
         .sensitive_query = true,
         .html = true});
    add({.name = "access_request",
         .methods = {"POST"},
         .path = path("access_request"),
         .handler = bind(portal::handle_access_request),
         .pool = http::Pool::store,
         .html = true});
    // « Mon compte »: the page touches the session (store pool); the password form runs Argon2id.
    const std::tuple<const char*, const char*, http::Response (*)(http::Request&, const Deps&), http::Pool>
        account_routes[] = {
            {"account", "GET", portal::handle_account_page, http::Pool::store},
            {"account_email", "POST", portal::handle_account_email, http::Pool::store},
            {"account_email_verify", "GET", portal::handle_account_email_verify_page, http::Pool::io},
            {"account_email_verify", "POST", portal::handle_account_email_verify_submit, http::Pool::store},
            {"account_phone", "POST", portal::handle_account_phone, http::Pool::store},
            {"account_password", "POST", portal::handle_account_password, http::Pool::password},
            {"account_session_close", "POST", portal::handle_account_session_close, http::Pool::store}};
    for (const auto& [name, method, handler, pool] : account_routes)
        add({.name = std::string(name) + "_" + method,
             .methods = {method},
             .path = path(name),
             .handler = bind(handler),
             .pool = pool,
             .sensitive_query = true,
             .html = true});
    // Registration: each step's GET reads (or slides) the draft, each POST writes it; all on the store pool.
    const std::pair<const char*, http::Response (*)(http::Request&, const Deps&)> register_pages[] = {
        {"register_card", portal::handle_register_card_page},
        {"register_details", portal::handle_register_details_page},
        {"register_profile", portal::handle_register_profile_page},
        {"register_review", portal::handle_register_review_page},
        {"register_sent", portal::handle_register_sent_page},
        {"register_verify", portal::handle_register_verify_page}};
    const std::pair<const char*, http::Response (*)(http::Request&, const Deps&)> register_posts[] = {
        {"register_card", portal::handle_register_card_submit},
        {"register_details", portal::handle_register_details_submit},
        {"register_profile", portal::handle_register_profile_submit},
        {"register_review", portal::handle_register_review_submit},
        {"register_verify", portal::handle_register_verify_submit}};
    for (const auto& [name, handler] : register_pages)
        add({.name = std::string(name) + "_page",
             .methods = {"GET"},
             .path = path(name),
             .handler = bind(handler),
             .pool = http::Pool::store,
             .sensitive_query = true, // the verification link's token
             .html = true});
    for (const auto& [name, handler] : register_posts)
        add({.name = std::string(name) + "_submit",
             .methods = {"POST"},
             .path = path(name),
             .handler = bind(handler),
             .pool = http::Pool::store,
             .sensitive_query = true,
             .html = true});
    add({.name = "stylesheet", .methods = {"GET"}, .path = path("stylesheet"), .handler = [](http::Request& r) {
             return stylesheet(r);
         }});
    // Operations: readiness and metrics say more than a public client needs (admin listener only);
    // liveness on both.
    add({.name = "healthz",
         .methods = {"GET"},
         .path = path("healthz"),
         .handler = [](http::Request&) { return http::Response::text(200, "ok\n"); },
         .exposure = Exposure::everywhere});
    add({.name = "readyz",
         .methods = {"GET"},
         .path = path("readyz"),
         .handler = bind(admin::handle_readiness),
         .pool = http::Pool::store,
         .exposure = Exposure::admin_only});
    add({.name = "metrics",
         .methods = {"GET"},
         .path = path("metrics"),
         .handler = bind(admin::handle_metrics),
         .exposure = Exposure::admin_only});
    add({.name = "deliveries",
         .methods = {"GET"},
         .path = path("deliveries"),
         .handler = bind(admin::handle_deliveries),
         .exposure = Exposure::admin_only});
    // Discovery is computed once from the finished table (it must see every route above).
    auto document = std::make_shared<std::string>();
    add({"discovery", {"GET"}, path("discovery"), [document](http::Request&) { return cached_json(*document, 3600); }});
    add({"discovery_wallet", {"GET"}, path("discovery_wallet"), [document](http::Request&) {
             return cached_json(*document, 3600);
         }});
    *document = oidc::discovery_document(deps, router);
    router.set_error_writer([&deps](const http::Request&, const http::Route* route, int status, std::string_view code,
                                    std::string_view description) {
        return transport_error(deps, route && route->html, status, code, description);
    });
    router.set_not_found([&deps](http::Request& r) {
        if (r.header("Accept").find("text/html") == std::string_view::npos) return http::Router::not_found();
        return page(404, deps.pages.render(web::MessageView{
                             "Page introuvable", "L’adresse demandée n’existe pas sur ce serveur. Vérifiez le lien "
                                                 "ou revenez à l’accueil."}));
    });
    return router;
}

} // namespace esc::endpoints
