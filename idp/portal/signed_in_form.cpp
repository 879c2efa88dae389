#include "portal/signed_in_form.hpp"

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "portal/login.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/message.hpp"

namespace esc::portal {

std::variant<SignedInForm, http::Response> signed_in_form(const http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto session = endpoints::current_session(deps, request);
    if (!session) return http::Response::redirect(deps.endpoints.login, 303);
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    if (!web::check_csrf(form.get("csrf"), web::session_csrf_binding(session->session.id_hash), deps.csrf_secret,
                         deps.clock.now()))
        return endpoints::page(
            400, deps.pages.render(
                     web::MessageView{"Demande refusée", "Le formulaire a expiré. Rechargez la page et recommencez."}));
    return SignedInForm{*session, std::move(form)};
}

} // namespace esc::portal
