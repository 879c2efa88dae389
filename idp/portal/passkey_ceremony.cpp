#include "portal/passkey_ceremony.hpp"

#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "domain/passkey_rp.hpp"
#include "endpoints/deps.hpp"
#include "web/browser_binding.hpp"
#include "web/request_origin.hpp"
#include "web/signed_challenge.hpp"

namespace esc::portal {

namespace {

constexpr const char* kCancelled = "La clé d’accès n’a pas été utilisée (opération annulée, délai dépassé, clé "
                                   "absente de cet appareil ou déjà enregistrée). Réessayez ou choisissez un autre "
                                   "moyen de connexion.";

std::string login_binding(const std::string& pre_login_key, const endpoints::Interaction* pending) {
    return "passkey-login|" + (pending ? pending->id : std::string()) + "|" + pre_login_key;
}

std::string registration_binding(const domain::Session& session) {
    return "passkey-register|" + session.id_hash;
}

std::optional<std::string> raw(std::optional<std::string> challenge) {
    if (!challenge) return std::nullopt;
    return crypto::base64url_decode(*challenge);
}

// An opaque, stable WebAuthn user handle per account: no personal data goes to the authenticator's
// storage, and registering again on the same authenticator replaces the account's earlier passkey.
std::string user_handle(const Deps& deps, std::int64_t account_id) {
    return crypto::sha256(deps.csrf_secret + "|passkey-user|" + std::to_string(account_id)).substr(0, 16);
}

} // namespace

PasskeyCeremony login_ceremony(const Deps& deps, const std::string& pre_login_key,
                               const endpoints::Interaction* pending, const std::vector<std::string>& allow) {
    auto challenge = crypto::random_token(32);
    PasskeyCeremony c;
    c.token = web::sign_challenge(challenge, login_binding(pre_login_key, pending), deps.csrf_secret, deps.clock.now());
    c.options_json = nlohmann::json{
        {"mode", "get"},
        {"challenge", challenge},
        {"rpId", domain::webauthn_rp_id(deps.endpoints.issuer)},
        {"allow", allow},
        {"cancelled",
         kCancelled}}.dump();
    return c;
}

std::optional<std::string> login_challenge(const Deps& deps, const http::Request& request,
                                           const endpoints::Interaction* pending, const std::string& token) {
    return raw(web::signed_challenge(token, login_binding(web::pre_login_key(request), pending), deps.csrf_secret,
                                     deps.clock.now(), deps.config.passkey.ceremony_seconds));
}

PasskeyCeremony registration_ceremony(const Deps& deps, const domain::Session& session, const domain::Account& account,
                                      const std::vector<std::string>& exclude) {
    auto challenge = crypto::random_token(32);
    PasskeyCeremony c;
    c.token = web::sign_challenge(challenge, registration_binding(session), deps.csrf_secret, deps.clock.now());
    c.options_json = nlohmann::json{
        {"mode", "create"},
        {"challenge", challenge},
        {"rpId", domain::webauthn_rp_id(deps.endpoints.issuer)},
        {"rpName", "Esculape"},
        {"userId", crypto::base64url_encode(user_handle(deps, account.id))},
        {"userName", account.login},
        {"userDisplayName", account.login},
        {"exclude", exclude},
        {"cancelled",
         kCancelled}}.dump();
    return c;
}

std::optional<std::string> registration_challenge(const Deps& deps, const domain::Session& session,
                                                  const std::string& token) {
    return raw(web::signed_challenge(token, registration_binding(session), deps.csrf_secret, deps.clock.now(),
                                     deps.config.passkey.ceremony_seconds));
}

crypto::webauthn::Expectation expectation(const Deps& deps, const std::string& raw_challenge) {
    crypto::webauthn::Expectation e;
    e.challenge = raw_challenge;
    e.origin = web::origin_of(deps.endpoints.issuer);
    e.rp_id = domain::webauthn_rp_id(deps.endpoints.issuer);
    e.require_user_verification = true;
    return e;
}

std::string passkey_refusal(crypto::webauthn::Error error) {
    using E = crypto::webauthn::Error;
    switch (error) {
    case E::user_not_verified:
        return "Votre clé d’accès n’a pas vérifié votre identité (code PIN, empreinte ou visage) : cette vérification "
               "est obligatoire.";
    case E::unsupported_key:
    case E::unsupported_attestation:
        return "Cette clé d’accès utilise un type de clé que ce serveur n’accepte pas.";
    case E::counter_regressed:
        return "Cette clé d’accès semble avoir été copiée : elle est refusée. Contactez le support de votre portail.";
    default:
        return "La clé d’accès n’a pas pu être vérifiée. Réessayez.";
    }
}

} // namespace esc::portal
