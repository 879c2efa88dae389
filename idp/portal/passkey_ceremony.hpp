#pragma once
#include <optional>
#include <string>

#include "crypto/webauthn.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/interactions.hpp"
#include "http/message.hpp"

// What the passkey forms share: the WebAuthn options a page hands to its script, the challenge
// signed into a form field (web/signed_challenge.hpp: nothing stored until the answer comes back),
// and what a ceremony must match (origin and relying party id of the issuer).
namespace esc::portal {

struct PasskeyCeremony {
    std::string options_json; // the form's data-passkey
    std::string token;        // the signed challenge, posted back as `challenge`
};

// Login (or step-up) from the login page, for the browser holding `pre_login_key` (the page may
// be setting it in this very response). `allow`: the credential ids (base64url) the
// authenticator may use, empty for a discoverable login that names nobody in advance.
PasskeyCeremony login_ceremony(const Deps& deps, const std::string& pre_login_key,
                               const endpoints::Interaction* pending, const std::vector<std::string>& allow);
// The raw challenge of a login token this form was given, still answerable; nullopt otherwise.
std::optional<std::string> login_challenge(const Deps& deps, const http::Request& request,
                                           const endpoints::Interaction* pending, const std::string& token);

// Registration from « Mon compte », bound to the session.
PasskeyCeremony registration_ceremony(const Deps& deps, const domain::Session& session, const domain::Account& account,
                                      const std::vector<std::string>& exclude);
std::optional<std::string> registration_challenge(const Deps& deps, const domain::Session& session,
                                                  const std::string& token);

crypto::webauthn::Expectation expectation(const Deps& deps, const std::string& raw_challenge);

// French words for a refused ceremony, for the page.
std::string passkey_refusal(crypto::webauthn::Error error);

} // namespace esc::portal
