#include "oidc/end_session.hpp"

#include "domain/redirect_uri.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "oidc/id_token_hint.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/logged_out.hpp"
#include "web/views/logout_confirm.hpp"
#include "web/views/message.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;

namespace {

struct LogoutRequest {
    std::optional<IdTokenHint> hint;
    const domain::Client* client = nullptr;
    std::string redirect_uri;
    std::string state;
};

http::Response error_page(const Deps& deps, const std::string& description) {
    return endpoints::authorize_error(deps, errors::invalid_redirect_uri(description), nullptr);
}

http::Response finish(const Deps& deps, const LogoutRequest& lr,
                      const std::optional<endpoints::ActiveSession>& session) {
    std::string clearing = session ? endpoints::close_session(deps, session->session) : endpoints::clearing_cookie();
    http::Response r;
    if (!lr.redirect_uri.empty()) {
        std::vector<http::FormParams::Param> q;
        if (!lr.state.empty()) q.push_back({"state", lr.state});
        r = http::Response::redirect(http::append_query(lr.redirect_uri, q), 303);
    } else {
        web::LoggedOutView view;
        if (lr.client) view.client_name = lr.client->name;
        r = endpoints::page(200, deps.pages.render(view));
    }
    r.set("Set-Cookie", clearing);
    r.set("Cache-Control", "no-store");
    return r;
}

// "Quitter seulement ce service": the SSO session stays for the other services.
http::Response leave_service(const Deps& deps, const LogoutRequest& lr) {
    http::Response r;
    if (!lr.redirect_uri.empty()) {
        std::vector<http::FormParams::Param> q;
        if (!lr.state.empty()) q.push_back({"state", lr.state});
        r = http::Response::redirect(http::append_query(lr.redirect_uri, q), 303);
    } else {
        r = endpoints::page(200, deps.pages.render(web::MessageView{
                                     "Service quitté", "Vous avez quitté " + lr.client->name +
                                                           ". Votre session Esculape reste ouverte pour vos autres "
                                                           "services."}));
    }
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace

http::Response handle_end_session(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.method == "POST" ? request.body : request.query);
    if (!params) return error_page(deps, "the request is not correctly URL-encoded");
    LogoutRequest lr;
    lr.state = params->get("state");
    lr.redirect_uri = params->get("post_logout_redirect_uri");
    auto hint_text = params->get("id_token_hint");
    if (!hint_text.empty()) {
        lr.hint = verify_id_token_hint(deps, hint_text);
        if (!lr.hint) return error_page(deps, "id_token_hint is not a valid ID token of this provider");
    }
    auto client_id = params->get("client_id");
    if (lr.hint && !client_id.empty() && client_id != lr.hint->client_id)
        return error_page(deps, "client_id does not match the id_token_hint");
    if (client_id.empty() && lr.hint) client_id = lr.hint->client_id;
    if (!client_id.empty()) {
        const auto* entry = deps.clients.find(client_id);
        if (!entry) return error_page(deps, "unknown client_id");
        lr.client = &entry->client;
    }
    if (!lr.redirect_uri.empty() &&
        (!lr.client || !domain::post_logout_redirect_uri_allowed(*lr.client, lr.redirect_uri)))
        return error_page(deps, "post_logout_redirect_uri is not registered for this client");

    auto session = endpoints::current_session(deps, request);
    // The confirmation form is ours: bound to the session cookie and posted from our own origin.
    const auto binding = session ? web::session_csrf_binding(session->session.id_hash) : std::string();
    bool confirmed = request.method == "POST" && session &&
                     !web::is_cross_site(request, web::origin_of(deps.endpoints.issuer)) &&
                     web::check_csrf(params->get("csrf"), binding, deps.csrf_secret, deps.clock.now());
    if (!session) return finish(deps, lr, session);
    if (confirmed) {
        if (params->get("scope") == "service" && lr.client) return leave_service(deps, lr);
        return finish(deps, lr, session);
    }
    // Health portals let the professional choose between leaving this service and logging out
    // everywhere, so the page is shown even with a matching id_token_hint; it also guards against a
    // logout forced by another site (spec §2 and §6): only our own form, posted from our origin, acts.
    web::LogoutConfirmView view;
    view.action = deps.endpoints.end_session;
    view.csrf = web::make_csrf(binding, deps.csrf_secret, deps.clock.now());
    if (lr.client) view.client_name = lr.client->name;
    if (!lr.redirect_uri.empty()) view.hidden.push_back({"post_logout_redirect_uri", lr.redirect_uri});
    if (!lr.state.empty()) view.hidden.push_back({"state", lr.state});
    if (!client_id.empty()) view.hidden.push_back({"client_id", client_id});
    return endpoints::page(200, deps.pages.render(view));
}

} // namespace esc::oidc
