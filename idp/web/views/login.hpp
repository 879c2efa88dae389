#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// One test account listed on the login page of a sandbox (demo) server.
struct SandboxLogin {
    std::string login;
    std::string profession_code; // TRE_G15 code, shown with its French label
};

// Field names posted by the login form: csrf, interaction, login, password.
struct LoginView {
    std::string action;         // form POST target
    std::string forgot_url;     // "Mot de passe oublié ?"
    std::string register_url;   // "Créer un compte"
    std::string csrf;           // make_csrf(login_csrf_binding(interaction, pre-login key), …)
    std::string interaction;    // interaction id, posted back hidden; "" for a portal login
    std::string client_name;    // service being logged into; "" → "Portail Esculape"
    std::string login_hint;     // pre-fills the login field
    std::string error;          // e.g. kMsgBadCredentials; "" = none
    bool password_error = true; // the error is about the password form's fields (not another method's)
    int throttled_minutes = 0;  // > 0: "Trop de tentatives. Réessayez dans N minutes."
    bool sandbox = false;
    std::vector<SandboxLogin> sandbox_logins;
    std::string sandbox_password; // shared by every test account, shown once
    // A TLS client certificate the browser presented (CPS card, workstation certificate): shown so
    // the professional knows it was seen.
    std::string certificate_subject;
    bool certificate_verified = false;
    // The idp's own workstation certificate, recognised: what it means here ("" = none).
    std::string workstation_notice;
    bool offer_workstation = false; // a step-up the presented workstation certificate completes
    std::string workstation_action; // POST target of « Confirmer avec le certificat de ce poste »
    // The methods that reach the level the service requires (domain::methods_reaching).
    bool offer_password = true;
    bool offer_card = false;
    bool card_available = false; // the server takes cards at all (else a seen certificate is only shown)
    std::string card_action;     // POST target of « Se connecter avec ma carte CPS »
    bool offer_mobile = false;   // the phone authenticator
    std::string mobile_action;   // POST target of « Envoyer une demande à mon application »
    bool offer_passkey = false;  // a passkey (WebAuthn), through web/passkey_script.hpp
    std::string passkey_action;  // POST target of « Se connecter avec une clé d'accès »
    std::string passkey_options; // the form's data-passkey (portal/passkey_ceremony.hpp)
    std::string passkey_token;   // the signed challenge, posted back
    bool offer_ocra = false;     // the CPS calculator (OCRA challenge-response)
    std::string ocra_action;     // POST target of « Afficher un défi »
    bool step_up = false;        // the signed-in professional adds a factor: no login to type
    // Why the choice is narrowed: a service's minimum level, a step-up of the signed-in professional,
    // or no method here reaching the level ("" = none of these).
    std::string level_notice;
    bool nothing_offered = false; // level_notice explains; no form is shown
};

inline constexpr const char* kMsgBadCredentials = "Identifiant ou mot de passe incorrect.";
inline constexpr const char* kMsgFormExpired =
    "Le formulaire a expiré. Pour votre sécurité, saisissez à nouveau vos informations.";

// The page, rendered in the layout (template web/templates/login.mustache).
std::string render_view(const Pages& pages, const LoginView& view);

} // namespace esc::web
