// Login and step-up by the phone authenticator from the login page: the professional names
// themselves (login, alias or RPPS number; in a step-up, the session does), a request goes to their
// devices, and « J'ai validé » goes on once one of them approved it. An unknown login gets the same
// waiting page as a known one (no request behind it), so the form does not tell who has an account.
#include "crypto/encoding.hpp"
#include "device/mobile_requests.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "storage/account_lookup.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/request_origin.hpp"
#include "web/views/login.hpp"
#include "web/views/mobile.hpp"

namespace esc::portal {

namespace {

http::Response wait_page(const Deps& deps, const http::Request& request, const endpoints::Interaction* pending,
                         const std::string& request_id, const std::string& binding, std::string notice) {
    web::MobileWaitView v;
    v.service_name = service_name_of(deps, pending);
    v.binding_code = binding;
    v.action = deps.endpoints.login_mobile_check;
    v.interaction = pending ? pending->id : "";
    v.request = request_id;
    v.csrf = web::make_csrf(web::login_csrf_binding(v.interaction, web::pre_login_key(request)), deps.csrf_secret,
                            deps.clock.now());
    v.notice = std::move(notice);
    return endpoints::page(200, deps.pages.render(v));
}

} // namespace

http::Response handle_mobile_login(http::Request& request, const Deps& deps) {
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> pending;
    if (auto r = login_form_refused(deps, request, fields, pending)) return *r;
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    std::optional<domain::Account> account;
    if (p && p->state == domain::InteractionState::awaiting_step_up) {
        account = deps.store.accounts().find_by_id(p->account_id);
    } else {
        auto typed = http::trimmed_field(fields.get("login"), 256);
        if (typed.empty())
            return login_page_with_error(deps, request, p, "Indiquez votre identifiant ou votre numéro RPPS.", 400);
        account = storage::find_account_named(deps.store.accounts(), typed);
    }
    std::optional<device::Opened> opened;
    if (account && account->status == domain::AccountStatus::active) {
        device::NewMobileRequest what;
        what.client_id = p && p->request ? p->request->client_id : "";
        what.service = service_name_of(deps, p);
        what.interaction_id = p ? p->id : "";
        opened = device::open_request(deps, *account, std::move(what));
    }
    if (opened && opened->outcome == device::OpenOutcome::too_many)
        return login_page_with_error(deps, request, p,
                                     "Trop de demandes ont été envoyées à votre téléphone. Réessayez dans quelques "
                                     "minutes ou utilisez un autre moyen de connexion.",
                                     429);
    // Nobody to ask (no such account, or no phone): a decoy, stored nowhere.
    if (!opened || opened->outcome == device::OpenOutcome::no_device)
        return wait_page(deps, request, p, crypto::random_token(16), device::binding_digits(), "");
    return wait_page(deps, request, p, opened->request.id, opened->request.binding_code, "");
}

http::Response handle_mobile_check(http::Request& request, const Deps& deps) {
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> pending;
    if (auto r = login_form_refused(deps, request, fields, pending)) return *r;
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    const auto now = deps.clock.now();
    auto mobile = deps.store.devices().find_request(fields.get("request"));
    // A decoy (the login named nobody, or someone without a phone) waits like a real request would.
    if (!mobile) {
        auto shown = http::trimmed_field(fields.get("binding"), 8);
        return wait_page(deps, request, p, fields.get("request").substr(0, 64), shown,
                         "La demande n’a pas encore été validée sur votre téléphone.");
    }
    // The request must be the one this login form opened (same interaction; none for the portal).
    if (mobile->kind != domain::MobileKind::login || mobile->interaction_id != (p ? p->id : "") ||
        (mobile->state == domain::MobileState::pending && mobile->expires_at < now))
        return login_page_with_error(deps, request, p,
                                     "La demande envoyée à votre téléphone a expiré ou n’a pas été validée. "
                                     "Recommencez.",
                                     401);
    if (mobile->state == domain::MobileState::denied)
        return login_page_with_error(deps, request, p, "La demande a été refusée depuis votre téléphone.", 401);
    if (mobile->state == domain::MobileState::pending)
        return wait_page(deps, request, p, mobile->id, mobile->binding_code,
                         "La demande n’a pas encore été validée sur votre téléphone.");
    auto account = deps.store.accounts().find_by_id(mobile->account_id);
    if (!account || account->status != domain::AccountStatus::active) return expired(deps);
    // Approved once, used once: the interaction's compare-and-set (or a portal login's) spends it.
    if (!deps.store.replay().remember_once("mobile-login:" + mobile->id, mobile->expires_at + 60)) return expired(deps);
    return login_with(deps, request, *account, p, domain::LoginMethod::mobile);
}

} // namespace esc::portal
