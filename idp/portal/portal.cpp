#include "portal/portal.hpp"

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/message.hpp"
#include "web/views/portal.hpp"

namespace esc::portal {

http::Response handle_portal(http::Request& request, const Deps& deps) {
    web::PortalView view;
    view.login_url = deps.endpoints.login;
    view.register_url = deps.endpoints.register_card;
    view.logout_action = "/logout";
    auto session = endpoints::current_session(deps, request);
    if (session) {
        view.signed_in = true;
        view.csrf =
            web::make_csrf(web::session_csrf_binding(session->session.id_hash), deps.csrf_secret, deps.clock.now());
        view.national_id = session->account.national_id;
        view.given_name = session->account.login;
        if (!session->account.national_id.empty()) {
            if (auto p = deps.store.directory().find_professional(session->account.national_id)) {
                view.given_name = p->given_name;
                view.family_name = p->family_name;
                view.practices = web::portal_practices_of(*p);
            }
        }
        for (const auto& id : deps.clients.ids()) {
            const auto& c = deps.clients.find(id)->client;
            if (!c.front_url.empty())
                view.tiles.push_back({c.front_name.empty() ? c.name : c.front_name, c.front_url, c.name});
        }
        endpoints::touch_session(deps, session->session);
    }
    return endpoints::page(200, deps.pages.render(view));
}

http::Response handle_portal_logout(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    auto session = endpoints::current_session(deps, request);
    auto r = http::Response::redirect("/", 303);
    if (session) {
        if (!web::check_csrf(form.get("csrf"), web::session_csrf_binding(session->session.id_hash), deps.csrf_secret,
                             deps.clock.now()))
            return endpoints::page(
                400, deps.pages.render(web::MessageView{"Demande refusée",
                                                        "Le formulaire a expiré. Rechargez la page et recommencez."}));
        r.set("Set-Cookie", endpoints::close_session(deps, session->session));
    }
    return r;
}

} // namespace esc::portal
