#include "protocol/login.hpp"

#include "crypto/password.hpp"
#include "domain/login_throttle.hpp"
#include "http/form.hpp"
#include "protocol/deps.hpp"
#include "protocol/respond.hpp"
#include "protocol/sso.hpp"
#include "web/csrf.hpp"
#include "web/pages.hpp"

namespace esc::protocol {

namespace {

// Verifying against this when the login is unknown keeps both answers equally slow, so timing
// does not tell which logins exist.
const std::string& dummy_hash() {
    static const std::string hash = crypto::hash_password("esculape-timing-equaliser");
    return hash;
}

web::LoginView base_view(const Deps& deps, const Interaction& interaction, const http::Request& request) {
    web::LoginView v;
    if (request.client_cert) {
        v.certificate_subject = request.client_cert->subject;
        v.certificate_verified = request.client_cert->verified;
    }
    v.action = deps.endpoints.login;
    v.interaction = interaction.id;
    v.csrf = web::make_csrf(interaction.id, deps.csrf_secret, deps.clock.now());
    if (interaction.request) {
        if (const auto* c = deps.clients.find(interaction.request->client_id)) v.client_name = c->client.name;
        v.login_hint = interaction.request->login_hint;
    }
    v.sandbox = !deps.sandbox_logins.empty();
    v.sandbox_logins = deps.sandbox_logins;
    v.sandbox_password = deps.sandbox_password;
    return v;
}

http::Response expired(const Deps& deps) {
    web::ErrorView view;
    view.title = "Demande expirée";
    view.message = "Cette demande de connexion a expiré ou n'existe pas. Retournez sur le service et recommencez.";
    view.code = "invalid_request";
    return page(400, deps.pages.render_error(view));
}

} // namespace

http::Response handle_login_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    auto now = deps.clock.now();
    std::optional<Interaction> interaction;
    if (params.has("interaction")) {
        interaction = deps.interactions.find(params.get("interaction"), now);
        if (!interaction) return expired(deps);
    } else {
        interaction = deps.interactions.create(std::nullopt, now);
    }
    return page(200, deps.pages.render_login(base_view(deps, *interaction, request)));
}

http::Response handle_login_submit(http::Request& request, const Deps& deps) {
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    auto now = deps.clock.now();
    auto interaction = deps.interactions.find(form.get("interaction"), now);
    if (!interaction) return expired(deps);
    auto view = base_view(deps, *interaction, request);
    std::string login = form.get("login").substr(0, 256);
    view.login_hint = login;
    if (!web::check_csrf(form.get("csrf"), interaction->id, deps.csrf_secret, now)) {
        view.error = web::kMsgFormExpired;
        return page(400, deps.pages.render_login(view));
    }
    auto decision = deps.throttle.check(login, request.remote_addr);
    if (!decision.allowed) {
        deps.metrics.count_login("throttled");
        view.throttled_minutes = static_cast<int>((decision.retry_after_seconds + 59) / 60);
        auto r = page(429, deps.pages.render_login(view));
        r.set("Retry-After", std::to_string(decision.retry_after_seconds));
        return r;
    }
    auto account = login.empty() ? std::nullopt : deps.store.accounts().find_by_login(login);
    bool ok = crypto::verify_password(account ? account->password_hash : dummy_hash(), form.get("password"));
    if (!ok || !account || account->status != domain::AccountStatus::active) {
        deps.throttle.record_failure(login, request.remote_addr);
        deps.metrics.count_login("failure");
        view.error = web::kMsgBadCredentials;
        return page(401, deps.pages.render_login(view));
    }
    deps.throttle.record_success(login, request.remote_addr);
    deps.metrics.count_login("success");
    // A new session on every login (no fixation); the previous one of this browser ends.
    if (auto previous = current_session(deps, request)) deps.store.sessions().remove(previous->session.id_hash);
    auto opened = open_session(deps, *account, domain::make_auth_context(domain::AuthMode::password, now, deps.acr));
    deps.interactions.complete(interaction->id, opened.session.id_hash, now);
    std::string next = interaction->request ? deps.endpoints.authorization + "?interaction=" + interaction->id
                                            : deps.endpoints.portal;
    auto r = http::Response::redirect(next, 303); // 303 after a credential POST (RFC 9700 §4.11)
    r.set("Set-Cookie", opened.set_cookie);
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::protocol
