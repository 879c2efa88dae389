#include "portal/passkeys.hpp"

#include <variant>

#include "crypto/encoding.hpp"
#include "domain/acr.hpp"
#include "domain/utf8.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/passkey_ceremony.hpp"
#include "portal/signed_in_form.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/headers.hpp"
#include "web/passkey_script.hpp"
#include "web/views/passkeys.hpp"

namespace esc::portal {

namespace {

web::PasskeysView view_of(const Deps& deps, const endpoints::ActiveSession& s) {
    web::PasskeysView v;
    v.action = deps.endpoints.account_passkeys;
    v.csrf = web::make_csrf(web::session_csrf_binding(s.session.id_hash), deps.csrf_secret, deps.clock.now());
    // A passkey raises every later login to eidas2: only a session already that strong adds one.
    v.strong_session = domain::auth_level(s.session.auth) >= 2;
    std::vector<std::string> ids;
    for (const auto& p : deps.store.credentials().passkeys_of(s.account.id)) {
        v.keys.push_back({p.credential_id, p.name, web::paris_date_time(p.created_at),
                          p.last_used_at ? web::paris_date_time(p.last_used_at) : "jamais"});
        ids.push_back(p.credential_id);
    }
    if (v.strong_session) {
        auto ceremony = registration_ceremony(deps, s.session, s.account, ids);
        v.options = std::move(ceremony.options_json);
        v.token = std::move(ceremony.token);
    }
    return v;
}

http::Response show(const Deps& deps, int status, const web::PasskeysView& v) {
    auto r = endpoints::page(status, deps.pages.render(v));
    if (v.strong_session) web::add_page_headers(r, {}, {web::passkey_script_source()});
    return r;
}

// The registration's own checks; "" when the passkey was stored.
std::string register_passkey(const Deps& deps, const SignedInForm& f, web::PasskeysView& v) {
    const auto& form = f.form;
    auto name = form.get("name");
    v.name_value = name.substr(0, 120);
    std::string trimmed = http::trimmed_field(name, 240);
    std::size_t characters = 0;
    for (unsigned char c : trimmed)
        characters += (c & 0xC0) != 0x80;
    if (trimmed.empty() || characters > 60 || name.size() > 240 || !domain::is_valid_utf8(trimmed)) {
        v.name_error = "Donnez à la clé un nom de 1 à 60 caractères.";
        return v.name_error;
    }
    auto client_data = crypto::base64url_decode(form.get("client_data").substr(0, 8192));
    auto attestation = crypto::base64url_decode(form.get("attestation").substr(0, 16384));
    if (!client_data || !attestation || client_data->empty() || attestation->empty())
        return "Votre navigateur n’a pas transmis de clé d’accès. Vérifiez que JavaScript est activé et que votre "
               "appareil sait créer des clés d’accès.";
    const std::string token = form.get("challenge").substr(0, 512);
    auto challenge = registration_challenge(deps, f.session.session, token);
    if (!challenge) return "La demande a expiré. Cliquez à nouveau sur « Enregistrer une clé d’accès ».";
    const auto now = deps.clock.now();
    if (!deps.store.replay().remember_once("passkey-register:" + crypto::sha256_b64url(token),
                                           now + deps.config.passkey.ceremony_seconds + 60))
        return "Cette demande a déjà servi. Cliquez à nouveau sur « Enregistrer une clé d’accès ».";
    auto verdict = crypto::webauthn::verify_registration(*client_data, *attestation, expectation(deps, *challenge));
    if (auto* error = std::get_if<crypto::webauthn::Error>(&verdict)) return passkey_refusal(*error);
    const auto& created = std::get<crypto::webauthn::NewCredential>(verdict);
    domain::Passkey p;
    p.credential_id = crypto::base64url_encode(created.credential_id);
    p.account_id = f.session.account.id;
    p.name = trimmed;
    p.public_key = crypto::base64url_encode(created.public_key_der);
    p.cose_alg = created.cose_alg;
    p.sign_count = created.sign_count;
    p.created_at = now;
    // WebAuthn §7.1 step 22: an id already registered (to anyone) is refused.
    if (!deps.store.credentials().add_passkey(p)) return "Cette clé d’accès est déjà enregistrée.";
    return "";
}

} // namespace

http::Response handle_passkeys_page(http::Request& request, const Deps& deps) {
    auto session = endpoints::current_session(deps, request);
    if (!session) return http::Response::redirect(deps.endpoints.login, 303);
    endpoints::touch_session(deps, session->session);
    return show(deps, 200, view_of(deps, *session));
}

http::Response handle_passkeys_submit(http::Request& request, const Deps& deps) {
    auto checked = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const auto& signed_in = std::get<SignedInForm>(checked);
    auto v = view_of(deps, signed_in.session);
    const auto action = signed_in.form.get("action");
    if (action == "register") {
        if (!v.strong_session) {
            v.error = "Connectez-vous d’abord avec un moyen renforcé (carte CPS, application e-CPS ou calculette CPS).";
            return show(deps, 403, v);
        }
        auto problem = register_passkey(deps, signed_in, v);
        if (!problem.empty()) {
            if (v.name_error.empty()) v.error = problem;
            return show(deps, 400, v);
        }
        auto name = v.name_value;
        v = view_of(deps, signed_in.session);
        v.message =
            "La clé d’accès « " + name + " » est enregistrée : vous pouvez l’utiliser dès votre prochaine connexion.";
        return show(deps, 200, v);
    }
    if (action == "revoke") {
        if (!deps.store.credentials().revoke_passkey(signed_in.form.get("credential").substr(0, 1400),
                                                     signed_in.session.account.id, deps.clock.now())) {
            v.error = "Cette clé d’accès n’est pas, ou plus, enregistrée pour votre compte.";
            return show(deps, 400, v);
        }
        v = view_of(deps, signed_in.session);
        v.message = "La clé d’accès a été retirée : elle ne permet plus de se connecter.";
        return show(deps, 200, v);
    }
    v.error = "Action inconnue.";
    return show(deps, 400, v);
}

} // namespace esc::portal
