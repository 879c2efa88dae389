#include "portal/authenticator.hpp"

#include <variant>

#include "crypto/encoding.hpp"
#include "domain/acr.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/outgoing_mail.hpp"
#include "portal/signed_in_form.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/mails.hpp"
#include "web/qr_svg.hpp"
#include "web/views/mobile.hpp"

namespace esc::portal {

namespace {

// Ten characters an app keyboard types easily and a reader cannot confuse (no 0/O, 1/I/L).
std::string activation_code() {
    static constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    std::string code;
    for (unsigned char b : crypto::random_bytes(10))
        code += kAlphabet[b % kAlphabet.size()]; // 256 % 31 = 8: a bias too small to matter for a 10-min code
    return code;
}

std::string directory_mailbox(const Deps& deps, const domain::Account& account) {
    if (account.national_id.empty()) return "";
    auto professional = deps.store.directory().find_professional(account.national_id);
    return professional && !professional->mssante_addresses.empty() ? professional->mssante_addresses.front() : "";
}

web::AuthenticatorView view_of(const Deps& deps, const endpoints::ActiveSession& s) {
    web::AuthenticatorView v;
    v.action = deps.endpoints.account_authenticator;
    v.csrf = web::make_csrf(web::session_csrf_binding(s.session.id_hash), deps.csrf_secret, deps.clock.now());
    v.strong_session = domain::auth_level(s.session.auth) >= 2;
    v.directory_mail = !directory_mailbox(deps, s.account).empty();
    for (const auto& d : deps.store.devices().devices_of(s.account.id))
        v.devices.push_back({d.id, d.name, web::paris_date_time(d.created_at),
                             d.last_used_at ? web::paris_date_time(d.last_used_at) : "jamais"});
    return v;
}

std::string new_activation(const Deps& deps, const domain::Account& account) {
    auto code = activation_code();
    const auto now = deps.clock.now();
    deps.store.devices().add_activation(crypto::sha256_b64url(code), account.id, now,
                                        now + deps.config.mobile.activation_seconds);
    return code;
}

} // namespace

http::Response handle_authenticator_page(http::Request& request, const Deps& deps) {
    auto session = endpoints::current_session(deps, request);
    if (!session) return http::Response::redirect(deps.endpoints.login, 303);
    endpoints::touch_session(deps, session->session);
    return endpoints::page(200, deps.pages.render(view_of(deps, *session)));
}

http::Response handle_authenticator_submit(http::Request& request, const Deps& deps) {
    auto checked = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const auto& [session, form] = std::get<SignedInForm>(checked);
    auto v = view_of(deps, session);
    const auto action = form.get("action");
    const int minutes = deps.config.mobile.activation_seconds / 60;
    if (action == "activate") {
        // A device raises every later login to eidas2: only a session already that strong adds one.
        if (!v.strong_session) {
            v.error = "Pour activer un téléphone depuis cette page, connectez-vous d’abord avec votre carte CPS (ou "
                      "recevez un code d’activation à votre adresse MSSanté).";
            return endpoints::page(403, deps.pages.render(v));
        }
        v.activation_code = new_activation(deps, session.account);
        v.activation_url = deps.endpoints.device_enroll + "?code=" + v.activation_code;
        v.activation_qr_svg = web::qr_svg(v.activation_url, "Code QR d’activation de l’application");
        v.activation_minutes = minutes;
        return endpoints::page(200, deps.pages.render(v));
    }
    if (action == "mail_code") {
        auto mailbox = directory_mailbox(deps, session.account);
        if (mailbox.empty()) {
            v.error = "L’annuaire national ne connaît pas d’adresse MSSanté pour vous : activez l’application après "
                      "une connexion par carte CPS.";
            return endpoints::page(400, deps.pages.render(v));
        }
        web::DeviceActivationMail mail;
        mail.greeting_name = greeting_name(deps, session.account);
        mail.code = new_activation(deps, session.account);
        mail.enroll_url = deps.endpoints.device_enroll + "?code=" + mail.code;
        mail.minutes = minutes;
        deps.store.outbox().enqueue(outgoing(mailbox, web::render_mail(deps.pages, mail), deps.clock.now()));
        v.message = "Un code d’activation a été envoyé à votre adresse MSSanté de l’annuaire (" + mailbox + ").";
        return endpoints::page(200, deps.pages.render(v));
    }
    if (action == "revoke") {
        if (!deps.store.devices().revoke_device(form.get("device"), session.account.id, deps.clock.now())) {
            v.error = "Ce téléphone n’est pas, ou plus, activé pour votre compte.";
            return endpoints::page(400, deps.pages.render(v));
        }
        v = view_of(deps, session);
        v.message = "Le téléphone a été retiré : il ne peut plus valider de connexion.";
        return endpoints::page(200, deps.pages.render(v));
    }
    v.error = "Action inconnue.";
    return endpoints::page(400, deps.pages.render(v));
}

} // namespace esc::portal
