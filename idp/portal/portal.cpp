#include "portal/portal.hpp"

#include "admin/console_roles.hpp"
#include "domain/password_policy.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/service_access.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/access_requests.hpp"
#include "portal/login.hpp"
#include "portal/signed_in_form.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/labels.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/message.hpp"
#include "web/views/portal.hpp"

#include <algorithm>

namespace esc::portal {
namespace {

// Tiles: the services this account may use (open to it, or accepted by a referent). The others on
// approval go to the carousel with the state of the account's request; those it is not eligible
// for are not shown.
void fill_services(const Deps& deps, const domain::Account& account, web::PortalView& view) {
    const auto requests = deps.store.access().of_account(account.id);
    // The directory is read for eligibility only when a service restricts it.
    const auto& ids = deps.clients.ids();
    const bool restricted = std::any_of(ids.begin(), ids.end(), [&](const std::string& id) {
        return deps.clients.find(id)->client.eligibility.restricts();
    });
    const auto codes = restricted ? endpoints::practitioner_of(deps, account).codes : domain::PractitionerCodes{};
    view.access_action = deps.endpoints.access_request;
    for (const auto& id : deps.clients.ids()) {
        const auto& c = deps.clients.find(id)->client;
        if (c.front_url.empty()) continue;
        const std::string name = c.front_name.empty() ? c.name : c.front_name;
        const auto request = std::find_if(requests.begin(), requests.end(),
                                          [&](const domain::AccessRequest& r) { return r.client_id == id; });
        std::optional<domain::AccessState> state;
        if (request != requests.end()) state = request->state;
        const auto access = domain::service_access(c.access_policy(), c.eligibility, codes, state);
        if (access == domain::ServiceAccess::not_eligible) continue;
        if (access == domain::ServiceAccess::allowed) {
            const std::string description = !c.description.empty() ? c.description
                                            : name == c.name       ? std::string()
                                                                   : c.name;
            view.tiles.push_back({name, c.front_url, description});
            continue;
        }
        web::PortalOffer offer{id, name, "", "", ""};
        if (state) {
            offer.state = std::string(domain::name_of(*state));
            const auto when = *state == domain::AccessState::refused ? request->decided_at : request->requested_at;
            offer.since = web::paris_date_time(when).substr(0, 10);
            offer.reason = request->reason;
        }
        view.offers.push_back(offer);
    }
}

} // namespace

http::Response handle_portal(http::Request& request, const Deps& deps) {
    web::PortalView view;
    view.login_url = deps.endpoints.login;
    view.register_url = deps.endpoints.register_card;
    view.account_url = deps.endpoints.account;
    view.logout_action = "/logout";
    auto session = endpoints::current_session(deps, request);
    if (session) {
        view.signed_in = true;
        view.csrf =
            web::make_csrf(web::session_csrf_binding(session->session.id_hash), deps.csrf_secret, deps.clock.now());
        const auto& account = session->account;
        view.national_id = account.national_id;
        view.given_name = account.login;
        if (auto p = deps.store.directory().find_professional(account.national_id)) {
            view.given_name = p->given_name;
            view.family_name = p->family_name;
            view.practices = web::portal_practices_of(*p);
        } else if (auto profile = deps.store.accounts().profile(account.id)) {
            view.given_name = profile->given_name;
            view.family_name = profile->family_name;
            view.profession = profile->profession == "autre" ? std::string("Autre")
                                                             : std::string(web::profession_label(profile->profession));
        }
        fill_services(deps, account, view);
        if (admin::console_role(deps, account).any()) view.console_url = deps.endpoints.console_access;
        const auto age = domain::password_status(deps.config.password, account.password_changed_at,
                                                 account.must_change_password, deps.clock.now());
        if (age.age == domain::PasswordAge::expiring_soon) view.password_days_left = age.days_left;
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

http::Response handle_access_request(http::Request& request, const Deps& deps) {
    auto posted = signed_in_form(request, deps);
    if (auto* refused = std::get_if<http::Response>(&posted)) return std::move(*refused);
    auto& [session, form] = std::get<SignedInForm>(posted);
    const auto client_id = form.get("client_id");
    const auto* entry = client_id.size() <= 100 ? deps.clients.find(client_id) : nullptr;
    if (!entry || !entry->client.requires_approval)
        return endpoints::page(
            400, deps.pages.render(web::MessageView{
                     "Service inconnu", "Ce service n’existe pas ou ne demande pas d’accord : rechargez la page."}));
    const auto codes = endpoints::practitioner_of(deps, session.account).codes;
    if (!domain::eligible(entry->client.eligibility, codes))
        return endpoints::page(403, deps.pages.render(web::MessageView{
                                        "Service réservé", "Ce service est réservé à d’autres professions ou "
                                                           "spécialités : votre demande n’a pas été transmise."}));
    // Asked twice (two tabs), or already accepted: the first request stands, the portal shows it.
    ask_access(deps, request, session.account, entry->client);
    auto r = http::Response::redirect(deps.endpoints.portal, 303);
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::portal
