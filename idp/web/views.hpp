#pragma once
#include <string>
#include <vector>

#include "domain/professional.hpp"

// Plain data for the server-rendered pages. Every string is shown HTML-escaped: callers pass raw
// text, never markup. URLs (actions, links) are written into attributes as given, so they must
// come from the server (route table, configuration, verified redirect URIs), never from input.
namespace esc::web {

struct HiddenField {
    std::string name;
    std::string value;
};

// One test account listed on the login page of a sandbox (demo) server.
struct SandboxLogin {
    std::string login;
    std::string profession_code; // TRE_G15 code, shown with its French label
};

// Field names posted by the login form: csrf, interaction, login, password.
struct LoginView {
    std::string action;        // form POST target
    std::string csrf;          // make_csrf(login_csrf_binding(interaction, pre-login key), …)
    std::string interaction;   // interaction id, posted back hidden; "" for a portal login
    std::string client_name;   // service being logged into; "" → "Portail Esculape"
    std::string login_hint;    // pre-fills the login field
    std::string error;         // e.g. kMsgBadCredentials; "" = none
    int throttled_minutes = 0; // > 0: "Trop de tentatives. Réessayez dans N minutes."
    bool sandbox = false;
    std::vector<SandboxLogin> sandbox_logins;
    std::string sandbox_password; // shared by every test account, shown once
    // A TLS client certificate the browser presented (CPS card, workstation certificate): shown so
    // the professional knows it was seen, while certificate login is not enabled.
    std::string certificate_subject;
    bool certificate_verified = false;
};

// Shown when the client or its redirect URI cannot be trusted, so the error cannot be
// redirected (RFC 6749 §4.1.2.1).
struct ErrorView {
    std::string title = "Erreur";
    std::string message;     // French explanation; "" → oauth_error_explanation(code)
    std::string code;        // OAuth error code, shown in <code> for integrators
    std::string description; // the public OAuth error_description (technical, may be English)
    std::string request_id;
};

struct LoggedOutView {
    std::string client_name; // service that asked for the logout, "" when unknown
};

// OIDC RP-Initiated Logout §2 without a valid id_token_hint: ask before closing the session.
// Field names posted: csrf, then each hidden field.
struct LogoutConfirmView {
    std::string action;
    std::string csrf;
    std::string client_name;         // "" when unknown
    std::vector<HiddenField> hidden; // e.g. post_logout_redirect_uri, state, client_id
    std::string cancel_url;          // "" → portal home
};

// OAuth 2.0 Form Post Response Mode §2: the browser posts the response to the redirect URI.
// Without JavaScript the user presses "Continuer".
struct FormPostView {
    std::string action; // the verified redirect URI
    std::string client_name;
    std::vector<HiddenField> fields; // code, state, iss… or error, error_description, state, iss
};

struct PortalPlace {
    std::string name; // raison sociale, else enseigne commerciale
    std::string town; // libellé commune, with the postal code when known
    std::string secteur_code;
};

struct PortalPractice {
    std::string profession_code;
    std::string savoir_faire_code;
    std::vector<PortalPlace> places;
};

struct PortalTile {
    std::string name;
    std::string url;         // http(s) or a path on this server; anything else is shown without a link
    std::string description; // optional
};

// Field names posted by the logout form: csrf.
struct PortalView {
    bool signed_in = false;
    std::string given_name;
    std::string family_name;
    std::string national_id;
    std::vector<PortalPractice> practices;
    std::vector<PortalTile> tiles;
    std::string logout_action;
    std::string csrf; // make_csrf(session_csrf_binding(session id hash), …)
    std::string login_url;
};

// The portal's practices of a directory professional: one per exercice, one place per activity.
std::vector<PortalPractice> portal_practices_of(const domain::Professional& professional);

inline constexpr const char* kMsgBadCredentials = "Identifiant ou mot de passe incorrect.";
inline constexpr const char* kMsgFormExpired =
    "Le formulaire a expiré. Pour votre sécurité, saisissez à nouveau vos informations.";

} // namespace esc::web
