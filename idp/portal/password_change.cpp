#include "portal/password_change.hpp"

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "portal/password_rules.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/page_data.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/login.hpp"
#include "web/views/password_set.hpp"

namespace esc::portal {
namespace {

struct PendingChange {
    endpoints::Interaction interaction;
    domain::Account account;
};

// The interaction waiting for a new password, and its still active account.
std::optional<PendingChange> pending_change(const Deps& deps, const std::string& id) {
    if (id.empty() || id.size() > 64) return std::nullopt;
    auto interaction = deps.interactions.find(id, deps.clock.now());
    if (!interaction || interaction->state != domain::InteractionState::awaiting_password_change) return std::nullopt;
    auto account = deps.store.accounts().find_by_id(interaction->account_id);
    if (!account || account->status != domain::AccountStatus::active) return std::nullopt;
    return PendingChange{*interaction, *account};
}

web::PasswordSetView change_view(const Deps& deps, const PendingChange& pending, const std::string& pre_login_key) {
    web::PasswordSetView v;
    std::string service = "Portail Esculape";
    if (pending.interaction.request)
        if (const auto* c = deps.clients.find(pending.interaction.request->client_id)) service = c->client.name;
    if (pending.account.must_change_password) {
        v.heading = "Choisissez votre mot de passe";
        v.intro =
            "Votre compte a reçu un mot de passe provisoire. Choisissez le vôtre pour continuer vers " + service + ".";
    } else {
        v.heading = "Votre mot de passe a expiré";
        v.intro = "Votre mot de passe a plus de " + std::to_string(deps.config.password.max_age_days) +
                  " jours. Choisissez-en un nouveau pour continuer vers " + service + ".";
    }
    v.action = deps.endpoints.password_change;
    v.csrf = web::make_csrf(web::login_csrf_binding(pending.interaction.id, pre_login_key), deps.csrf_secret,
                            deps.clock.now());
    v.hidden = {{"interaction", pending.interaction.id}};
    v.login = pending.account.login;
    v.min_length = deps.config.password.min_length;
    return v;
}

} // namespace

http::Response handle_password_change_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    auto pending = pending_change(deps, params.get("interaction"));
    // The login set the pre-login cookie: without it this is not the browser that logged in.
    const auto key = web::pre_login_key(request);
    if (!pending || key.empty()) return expired(deps);
    return endpoints::page(200, deps.pages.render(change_view(deps, *pending, key)));
}

http::Response handle_password_change_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    auto pending = pending_change(deps, fields.get("interaction"));
    const auto key = web::pre_login_key(request);
    if (!pending || key.empty()) return expired(deps);
    auto view = change_view(deps, *pending, key);
    if (!web::check_csrf(fields.get("csrf"), web::login_csrf_binding(pending->interaction.id, key), deps.csrf_secret,
                         deps.clock.now())) {
        view.form_error = web::kMsgFormExpired;
        return endpoints::page(400, deps.pages.render(view));
    }
    const auto password = fields.get("password");
    auto check = check_new_password(deps, pending->account, password, fields.get("confirmation"));
    if (!check.ok()) {
        view.password_errors = check.password_errors;
        view.confirmation_error = check.confirmation_error;
        return endpoints::page(400, deps.pages.render(view));
    }
    // Of two concurrent posts both may store a password (the later one wins, the earlier goes to the
    // history); only one completes the interaction (complete_login's compare-and-set).
    if (!store_new_password(deps, pending->account, password, nullptr)) return expired(deps);
    auto account = deps.store.accounts().find_by_id(pending->account.id);
    if (!account) return expired(deps);
    deps.metrics.count_login("success");
    return complete_login(deps, request, *account, &pending->interaction,
                          domain::InteractionState::awaiting_password_change,
                          domain::InteractionEvent::password_changed, {domain::LoginMethod::password});
}

} // namespace esc::portal
