#include "admin/console_guard.hpp"

#include <algorithm>

#include "domain/acr.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "portal/login.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/request_origin.hpp"
#include "web/return_to.hpp"
#include "web/views/message.hpp"

namespace esc::admin {

namespace {
http::Response refused(const Deps& deps, int status, const std::string& title, const std::string& text) {
    return endpoints::page(status, deps.pages.render(web::MessageView{title, text}));
}
} // namespace

std::variant<ConsoleAccess, http::Response> console_access(const http::Request& request, const Deps& deps, bool post,
                                                           ConsolePage page) {
    if (post && web::is_cross_site(request, web::origin_of(deps.endpoints.issuer)))
        return portal::cross_site_refused(deps);
    auto session = endpoints::current_session(deps, request);
    if (!session) {
        // The link of a referent's mail: after the login, back to the request it names.
        auto r = http::Response::redirect(deps.endpoints.login, 303);
        if (!post) r.headers.push_back({"Set-Cookie", web::return_cookie(request.target)});
        return r;
    }
    auto role = console_role(deps, session->account);
    if (page == ConsolePage::administration ? !role.administrator : !role.any())
        return refused(deps, 403, "Accès réservé",
                       page == ConsolePage::administration
                           ? "Cette page est réservée aux administrateurs de la plateforme."
                           : "Cette page est réservée aux référents des services et aux administrateurs de la "
                             "plateforme.");
    if (domain::auth_level(session->session.auth) < console_level(deps, role))
        return refused(deps, 403, "Authentification renforcée requise",
                       "La console d’administration demande une authentification renforcée : déconnectez-vous, puis "
                       "reconnectez-vous avec votre carte CPS, l’application e-CPS, une clé d’accès ou la calculette "
                       "CPS.");
    ConsoleAccess access{*session, std::move(role), {}};
    if (post) {
        access.form = http::parse_form(request.body).value_or(http::FormParams{});
        if (!web::check_csrf(access.form.get("csrf"), web::session_csrf_binding(session->session.id_hash),
                             deps.csrf_secret, deps.clock.now()))
            return refused(deps, 400, "Demande refusée", "Le formulaire a expiré. Rechargez la page et recommencez.");
    }
    endpoints::touch_session(deps, session->session);
    return access;
}

} // namespace esc::admin
