// Login and step-up by passkey (WebAuthn, user verification required): the login page's script
// asks the browser for an assertion over the challenge signed into the form, and posts it here.
// The credential names the account (a discoverable passkey: nothing typed); in a step-up it must
// be one of the signed-in professional's. Each challenge is answered once, and the signature
// counter moves by compare-and-set, so an assertion cannot log in twice.
#include <variant>

#include "crypto/encoding.hpp"
#include "crypto/webauthn.hpp"
#include "endpoints/deps.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "portal/passkey_ceremony.hpp"
#include "portal/passkeys.hpp"

namespace esc::portal {

namespace {
constexpr const char* kNoPasskey =
    "Votre navigateur n’a pas transmis de clé d’accès. Vérifiez que JavaScript est activé, ou choisissez un autre "
    "moyen de connexion.";
constexpr const char* kUnknownPasskey = "Cette clé d’accès n’est enregistrée pour aucun compte actif. Enregistrez-la "
                                        "depuis « Mon compte » après une connexion renforcée.";
} // namespace

http::Response handle_passkey_login(http::Request& request, const Deps& deps) {
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> pending;
    if (auto r = login_form_refused(deps, request, fields, pending)) return *r;
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    const auto now = deps.clock.now();

    auto credential_id = fields.get("credential_id").substr(0, 1400);
    auto client_data = crypto::base64url_decode(fields.get("client_data").substr(0, 8192));
    auto authenticator_data = crypto::base64url_decode(fields.get("authenticator_data").substr(0, 8192));
    auto signature = crypto::base64url_decode(fields.get("signature").substr(0, 2048));
    if (credential_id.empty() || !client_data || !authenticator_data || !signature || client_data->empty())
        return login_page_with_error(deps, request, p, kNoPasskey, 400);
    const std::string token = fields.get("challenge").substr(0, 512);
    auto challenge = login_challenge(deps, request, p, token);
    if (!challenge)
        return login_page_with_error(deps, request, p,
                                     "La demande de clé d’accès a expiré. Cliquez à nouveau sur « Se connecter avec "
                                     "une clé d’accès ».",
                                     400);
    if (!deps.store.replay().remember_once("passkey:" + crypto::sha256_b64url(token),
                                           now + deps.config.passkey.ceremony_seconds + 60))
        return login_page_with_error(deps, request, p, "Cette clé d’accès a déjà servi pour cette demande.", 401);

    auto passkey = deps.store.credentials().find_passkey(credential_id);
    std::optional<domain::Account> account;
    if (passkey) account = deps.store.accounts().find_by_id(passkey->account_id);
    if (!passkey || !account || account->status != domain::AccountStatus::active)
        return login_page_with_error(deps, request, p, kUnknownPasskey, 401);
    const bool step_up = p && p->state == domain::InteractionState::awaiting_step_up;
    if (step_up && account->id != p->account_id)
        return login_page_with_error(deps, request, p,
                                     "Cette clé d’accès appartient à un autre compte que celui qui est connecté.", 403);
    auto public_key = crypto::base64url_decode(passkey->public_key).value_or("");
    auto verdict =
        crypto::webauthn::verify_assertion(*client_data, *authenticator_data, *signature, public_key, passkey->cose_alg,
                                           passkey->sign_count, expectation(deps, *challenge));
    if (auto* error = std::get_if<crypto::webauthn::Error>(&verdict)) {
        deps.metrics.count_login("failure");
        return login_page_with_error(deps, request, p, passkey_refusal(*error), 401);
    }
    const auto count = std::get<crypto::webauthn::Assertion>(verdict).sign_count;
    if (!deps.store.credentials().use_passkey(passkey->credential_id, passkey->sign_count, count, now))
        return login_page_with_error(deps, request, p, "Cette clé d’accès a déjà servi pour cette demande.", 401);
    return login_with(deps, request, *account, p, domain::LoginMethod::passkey);
}

} // namespace esc::portal
