#include "portal/login.hpp"

#include "crypto/password.hpp"
#include "domain/login_throttle.hpp"
#include "domain/password_policy.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/passkey_ceremony.hpp"
#include "portal/workstation_login.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/device_cookie.hpp"
#include "web/headers.hpp"
#include "web/pages.hpp"
#include "web/passkey_script.hpp"
#include "web/request_origin.hpp"
#include "web/return_to.hpp"
#include "web/views/error.hpp"
#include "web/views/login.hpp"
#include "web/views/message.hpp"

namespace esc::portal {

namespace {

// Verifying against this when the login is unknown keeps both answers equally slow, so timing
// does not tell which logins exist.
const std::string& dummy_hash() {
    static const std::string hash = crypto::hash_password("esculape-timing-equaliser");
    return hash;
}

// The login form of one browser: `interaction` is null for a portal login, which stores nothing
// until the form is posted (an anonymous GET must not cost server memory).
struct LoginForm {
    const endpoints::Interaction* interaction = nullptr;
    std::string pre_login_key; // the browser's __Host-esc_login value (new if it had none)
    bool new_key = false;
};

LoginForm form_for(const http::Request& request, const endpoints::Interaction* interaction) {
    LoginForm f;
    f.interaction = interaction;
    f.pre_login_key = web::pre_login_key(request);
    if (f.pre_login_key.empty()) {
        f.pre_login_key = web::new_pre_login_key();
        f.new_key = true;
    }
    return f;
}

std::string interaction_id(const LoginForm& f) {
    return f.interaction ? f.interaction->id : std::string();
}

bool offers(const std::vector<domain::LoginMethod>& methods, domain::LoginMethod m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
}

// What each level asks of the professional, in the words of the login page.
std::string level_words(int level) {
    if (level >= 3) return "une connexion par carte CPS";
    if (level == 2) return "une authentification renforcée (carte CPS ou second facteur)";
    return "une connexion";
}

void offer_methods(const Deps& deps, const http::Request& request, const endpoints::Interaction* interaction,
                   const std::string& pre_login_key, const std::optional<domain::WorkstationCertificate>& certificate,
                   web::LoginView& v) {
    using domain::LoginMethod;
    v.card_available = offers(deps.login_methods, LoginMethod::card);
    const int required = interaction && interaction->request ? interaction->request->required_level : 0;
    std::vector<LoginMethod> already;
    const bool step_up = interaction && interaction->state == domain::InteractionState::awaiting_step_up;
    if (step_up)
        if (auto session = endpoints::current_session(deps, request))
            already = domain::methods_of(session->session.auth);
    // The professional's own workstation certificate is already proven by TLS: with the password it
    // makes eidas2, so the password form is offered where a password alone would not be enough. In a
    // step-up the session's password is there already: the certificate alone is the missing factor.
    const bool own_certificate = certificate && certificate->kind == domain::CertificateKind::personal &&
                                 (!step_up || certificate->account_id == interaction->account_id);
    if (own_certificate && !step_up) already.push_back(LoginMethod::workstation_certificate);
    if (own_certificate && step_up) {
        auto with = already;
        with.push_back(LoginMethod::workstation_certificate);
        v.offer_workstation = domain::level_of(with, deps.acr) >= std::max(required, 1) &&
                              domain::level_of(with, deps.acr) > domain::level_of(already, deps.acr);
    }
    auto offered = domain::methods_reaching(required, already, deps.login_methods, deps.acr);
    v.offer_password = offers(offered, LoginMethod::password);
    v.offer_card = offers(offered, LoginMethod::card);
    v.offer_mobile = offers(offered, LoginMethod::mobile);
    v.offer_ocra = offers(offered, LoginMethod::ocra);
    v.offer_passkey = offers(offered, LoginMethod::passkey);
    if (v.offer_passkey) {
        // A step-up names the professional: only their passkeys may answer.
        std::vector<std::string> allow;
        if (step_up)
            for (const auto& p : deps.store.credentials().passkeys_of(interaction->account_id))
                allow.push_back(p.credential_id);
        auto ceremony = login_ceremony(deps, pre_login_key, interaction, allow);
        v.passkey_options = std::move(ceremony.options_json);
        v.passkey_token = std::move(ceremony.token);
    }
    v.step_up = step_up;
    v.nothing_offered = offered.empty() && !v.offer_workstation;
    const std::string service = v.client_name.empty() ? "Ce service" : v.client_name;
    if (v.nothing_offered)
        v.level_notice = service + " demande " + level_words(required) +
                         ", qui n’est pas proposée sur ce serveur. Adressez-vous au support de votre portail régional.";
    else if (step_up)
        v.level_notice = "Vous êtes déjà connecté·e. " + service + " demande " + level_words(required) +
                         " : confirmez votre identité avec l’un des moyens ci-dessous.";
    else if (required >= 2)
        v.level_notice = service + " demande " + level_words(required) + ".";
}

web::LoginView base_view(const Deps& deps, const LoginForm& form, const http::Request& request) {
    web::LoginView v;
    if (request.client_cert) {
        v.certificate_subject = request.client_cert->subject;
        v.certificate_verified = request.client_cert->verified;
    }
    v.action = deps.endpoints.login;
    v.card_action = deps.endpoints.login_card;
    v.mobile_action = deps.endpoints.login_mobile;
    v.ocra_action = deps.endpoints.login_ocra;
    v.passkey_action = deps.endpoints.login_passkey;
    v.workstation_action = deps.endpoints.login_workstation;
    v.forgot_url = deps.endpoints.password_forgot;
    v.register_url = deps.endpoints.register_card;
    v.interaction = interaction_id(form);
    v.csrf =
        web::make_csrf(web::login_csrf_binding(v.interaction, form.pre_login_key), deps.csrf_secret, deps.clock.now());
    if (form.interaction && form.interaction->request) {
        const auto& ar = *form.interaction->request;
        if (const auto* c = deps.clients.find(ar.client_id)) v.client_name = c->client.name;
        v.login_hint = ar.login_hint;
    }
    // One store lookup per page for the presented certificate, shared by the offer and the notice.
    const auto certificate = presented_workstation_certificate(deps, request);
    offer_methods(deps, request, form.interaction, form.pre_login_key, certificate, v);
    if (certificate) {
        if (certificate->kind == domain::CertificateKind::collective) {
            // A shared workstation names nobody: everyone types their own login.
            v.workstation_notice = "Poste partagé « " + certificate->workstation + " » (" + certificate->site +
                                   ") : identifiez-vous avec votre identifiant et votre mot de passe.";
        } else if (v.offer_workstation) {
            v.workstation_notice = "Ordinateur « " + certificate->workstation +
                                   " » reconnu : confirmez votre connexion avec le certificat de ce poste.";
        } else if (auto holder = deps.store.accounts().find_by_id(certificate->account_id);
                   holder && !v.step_up && v.offer_password) {
            v.workstation_notice = "Ordinateur « " + certificate->workstation +
                                   " » reconnu : votre mot de passe sur ce poste vaut une authentification renforcée.";
            if (v.login_hint.empty()) v.login_hint = holder->login;
        }
    }
    v.sandbox = !deps.sandbox_logins.empty();
    v.sandbox_logins = deps.sandbox_logins;
    v.sandbox_password = deps.sandbox_password;
    return v;
}

// The form page; the pre-login cookie is (re)sent so its lifetime covers the new token's.
http::Response form_page(const Deps& deps, int status, const web::LoginView& view, const LoginForm& form) {
    auto r = endpoints::page(status, deps.pages.render(view));
    if (view.offer_passkey) web::add_page_headers(r, {}, {web::passkey_script_source()});
    r.headers.push_back({"Set-Cookie", web::pre_login_cookie(form.pre_login_key)});
    return r;
}

} // namespace

std::string service_name_of(const Deps& deps, const endpoints::Interaction* pending) {
    if (pending && pending->request)
        if (const auto* c = deps.clients.find(pending->request->client_id)) return c->client.name;
    return "Portail Esculape";
}

http::Response expired(const Deps& deps) {
    web::ErrorView view;
    view.title = "Demande expirée";
    view.message = "Cette demande de connexion a expiré ou n'existe pas. Retournez sur le service et recommencez.";
    view.code = "invalid_request";
    return endpoints::page(400, deps.pages.render(view));
}

// A live interaction that has not produced a session yet: once it has, it is spent, so a
// captured form cannot log a browser in a second time.
std::optional<endpoints::Interaction> pending_login(const Deps& deps, const std::string& id, bool step_up_too) {
    auto interaction = deps.interactions.find(id, deps.clock.now());
    if (!interaction) return std::nullopt;
    const auto state = interaction->state;
    if (state == domain::InteractionState::awaiting_login ||
        (step_up_too && state == domain::InteractionState::awaiting_step_up))
        return interaction;
    return std::nullopt;
}

namespace {
std::optional<endpoints::Interaction> pending_interaction(const Deps& deps, const std::string& id) {
    return pending_login(deps, id, false);
}
} // namespace

bool login_csrf_ok(const Deps& deps, const http::Request& request, const http::FormParams& fields,
                   const endpoints::Interaction* interaction) {
    auto form = form_for(request, interaction);
    return !form.new_key &&
           web::check_csrf(fields.get("csrf"), web::login_csrf_binding(interaction_id(form), form.pre_login_key),
                           deps.csrf_secret, deps.clock.now());
}

http::Response login_page_with_error(const Deps& deps, const http::Request& request,
                                     const endpoints::Interaction* interaction, const std::string& error, int status) {
    auto form = form_for(request, interaction);
    auto view = base_view(deps, form, request);
    view.error = error;
    view.password_error = false; // another method's refusal: the password fields are not at fault
    return form_page(deps, status, view, form);
}

std::optional<http::Response> login_form_refused(const Deps& deps, const http::Request& request,
                                                 const http::FormParams& fields,
                                                 std::optional<endpoints::Interaction>& pending) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    if (!fields.get("interaction").empty()) {
        pending = pending_login(deps, fields.get("interaction"), true);
        if (!pending) return expired(deps);
    }
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    if (!login_csrf_ok(deps, request, fields, p))
        return login_page_with_error(deps, request, p, web::kMsgFormExpired, 400);
    return std::nullopt;
}

http::Response cross_site_refused(const Deps& deps) {
    return endpoints::page(
        403, deps.pages.render(web::MessageView{"Demande refusée",
                                                "Ce formulaire a été envoyé depuis un autre site. Pour votre sécurité, "
                                                "ouvrez la page de connexion d’Esculape et recommencez."}));
}

http::Response handle_login_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> interaction;
    if (params.has("interaction")) {
        interaction = pending_login(deps, params.get("interaction"), true);
        if (!interaction) return expired(deps);
    }
    auto form = form_for(request, interaction ? &*interaction : nullptr);
    return form_page(deps, 200, base_view(deps, form, request), form);
}

http::Response handle_login_submit(http::Request& request, const Deps& deps) {
    // W3C Fetch Metadata: a login posted by another site is login CSRF, whatever the token says.
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    auto now = deps.clock.now();
    std::optional<endpoints::Interaction> interaction;
    if (!fields.get("interaction").empty()) {
        interaction = pending_interaction(deps, fields.get("interaction"));
        if (!interaction) return expired(deps);
    }
    auto form = form_for(request, interaction ? &*interaction : nullptr);
    auto view = base_view(deps, form, request);
    std::string login = fields.get("login").substr(0, 256);
    view.login_hint = login;
    if (form.new_key ||
        !web::check_csrf(fields.get("csrf"), web::login_csrf_binding(interaction_id(form), form.pre_login_key),
                         deps.csrf_secret, now)) {
        view.error = web::kMsgFormExpired;
        return form_page(deps, 400, view, form);
    }
    // A service that needs more than a password: the page did not offer this form.
    if (!view.offer_password) {
        view.error = "Le mot de passe seul ne suffit pas pour ce service : utilisez l’un des moyens proposés.";
        return form_page(deps, 400, view, form);
    }
    bool trusted_device = web::is_trusted_device(request, login, deps.csrf_secret, now);
    auto decision = deps.throttle.check(login, request.remote_addr, trusted_device);
    if (!decision.allowed) {
        deps.metrics.count_login("throttled");
        view.throttled_minutes = static_cast<int>((decision.retry_after_seconds + 59) / 60);
        auto r = form_page(deps, 429, view, form);
        r.set("Retry-After", std::to_string(decision.retry_after_seconds));
        return r;
    }
    auto account = login.empty() ? std::nullopt : deps.store.accounts().find_by_login(login);
    // A former login kept as an alias logs in too, until an administrator retires it.
    if (!account && !login.empty()) account = deps.store.accounts().find_by_alias(login);
    bool ok = crypto::verify_password(account ? account->password_hash : dummy_hash(), fields.get("password"));
    if (!ok || !account || account->status != domain::AccountStatus::active) {
        deps.throttle.record_failure(login, request.remote_addr, trusted_device);
        deps.metrics.count_login("failure");
        view.error = web::kMsgBadCredentials;
        return form_page(deps, 401, view, form);
    }
    deps.throttle.record_success(login, request.remote_addr);
    // An expired or temporary password: no session yet, the change page first (then on to the
    // service). The interaction remembers whose password was verified.
    const auto age =
        domain::password_status(deps.config.password, account->password_changed_at, account->must_change_password, now);
    if (age.age == domain::PasswordAge::expired) {
        deps.metrics.count_login("password_change");
        auto pending = interaction ? interaction : deps.interactions.create_portal(request.remote_addr, now);
        if (!pending ||
            !deps.interactions.transition(pending->id, domain::InteractionState::awaiting_login,
                                          domain::InteractionEvent::login_needs_password_change, now, "", account->id))
            return expired(deps);
        auto r = http::Response::redirect(deps.endpoints.password_change + "?interaction=" + pending->id, 303);
        r.set("Cache-Control", "no-store");
        return r;
    }
    deps.metrics.count_login("success");
    std::vector<domain::LoginMethod> methods{domain::LoginMethod::password};
    if (auto certificate = presented_workstation_certificate(deps, request);
        certificate && certificate->kind == domain::CertificateKind::personal && certificate->account_id == account->id)
        methods.push_back(domain::LoginMethod::workstation_certificate);
    return complete_login(deps, request, *account, interaction ? &*interaction : nullptr,
                          domain::InteractionState::awaiting_login, domain::InteractionEvent::login_succeeded, methods);
}

namespace {
// The method proves the missing factor of the signed-in professional: same account, same session,
// whose level rises; then the authorization request resumes.
http::Response step_up(const Deps& deps, const http::Request& request, const endpoints::Interaction& interaction,
                       const domain::Account& account, domain::LoginMethod method) {
    const auto now = deps.clock.now();
    auto session = endpoints::current_session(deps, request);
    if (!session) return expired(deps);
    if (account.id != interaction.account_id || session->account.id != account.id)
        return login_page_with_error(deps, request, &interaction,
                                     std::string(method == domain::LoginMethod::card
                                                     ? "Cette carte est celle d’un autre professionnel"
                                                     : "Ce moyen de connexion est celui d’un autre professionnel") +
                                         " que la personne connectée. Déconnectez-vous d’abord pour changer de compte.",
                                     403);
    auto raised = domain::add_method(session->session.auth, method, now, deps.acr);
    std::string new_id_hash;
    auto cookie = endpoints::raise_session(deps, session->session, raised, new_id_hash);
    if (!cookie || !deps.interactions.transition(interaction.id, domain::InteractionState::awaiting_step_up,
                                                 domain::InteractionEvent::step_up_succeeded, now, new_id_hash))
        return expired(deps);
    deps.store.accounts().record_login(account.id, {now, domain::joined_method_names(raised), request.remote_addr});
    deps.metrics.count_login("step_up");
    auto r = http::Response::redirect(deps.endpoints.authorization + "?interaction=" + interaction.id, 303);
    r.headers.push_back({"Set-Cookie", *cookie});
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace

http::Response login_with(const Deps& deps, const http::Request& request, const domain::Account& account,
                          const endpoints::Interaction* pending, domain::LoginMethod method) {
    if (pending && pending->state == domain::InteractionState::awaiting_step_up)
        return step_up(deps, request, *pending, account, method);
    deps.metrics.count_login("success");
    return complete_login(deps, request, account, pending, domain::InteractionState::awaiting_login,
                          domain::InteractionEvent::login_succeeded, {method});
}

http::Response complete_login(const Deps& deps, const http::Request& request, const domain::Account& account,
                              const endpoints::Interaction* interaction, domain::InteractionState expected,
                              domain::InteractionEvent event, const std::vector<domain::LoginMethod>& methods) {
    const auto now = deps.clock.now();
    // A new session on every login (no fixation); the one this browser held before is closed,
    // with its tokens, not merely forgotten.
    endpoints::close_browser_session(deps, request);
    auto opened = endpoints::open_session(deps, account, domain::make_auth_context(methods, now, deps.acr));
    deps.store.accounts().record_login(account.id,
                                       {now, domain::joined_method_names(opened.session.auth), request.remote_addr});
    // Compare-and-set: a second POST of the same form (another tab, a double click) loses and gets
    // the expired-form answer; the session it opened is closed again.
    if (interaction && !deps.interactions.transition(interaction->id, expected, event, now, opened.session.id_hash)) {
        endpoints::close_session(deps, opened.session);
        return expired(deps);
    }
    std::string next = interaction && interaction->request
                           ? deps.endpoints.authorization + "?interaction=" + interaction->id
                           : deps.endpoints.portal;
    // A portal login that a console page asked for goes back to that page (a referent's mail link).
    const auto back =
        interaction && interaction->request ? std::string() : web::return_path(request, deps.endpoints.console_paths());
    if (!back.empty()) next = back;
    // A portal login has nothing to resume: its interaction (a password change) is spent.
    if (interaction && !interaction->request) deps.interactions.remove(interaction->id);
    auto r = http::Response::redirect(next, 303); // 303 after a credential POST (RFC 9700 §4.11)
    r.headers.push_back({"Set-Cookie", opened.set_cookie});
    // The pre-login key is spent: the next form gets a new one.
    r.headers.push_back({"Set-Cookie", web::pre_login_cookie("", 0)});
    if (!back.empty()) r.headers.push_back({"Set-Cookie", web::return_cookie("")});
    r.headers.push_back({"Set-Cookie", web::device_cookie(account.login, deps.csrf_secret, now)});
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::portal
