#pragma once
#include <string>

#include "cache/claims_cache.hpp"
#include "config/config.hpp"
#include "crypto/issuing_ca.hpp"
#include "crypto/key_ring.hpp"
#include "crypto/key_wrap.hpp"
#include "crypto/revocation.hpp"
#include "domain/acr.hpp"
#include "domain/time.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/interactions.hpp"
#include "http/metrics.hpp"
#include "oidc/client_registry.hpp"
#include "storage/store.hpp"
#include "web/views/login.hpp"

namespace esc::domain {
class LoginThrottle;
}
namespace esc::cache {
class TokenCache;
}
namespace esc::web {
class Pages;
}

namespace esc::endpoints {

// Absolute URLs of the endpoints, derived once from the issuer (PSC layout under it).
struct Endpoints {
    std::string issuer;
    std::string base_path;     // issuer's path, e.g. /auth/realms/esculape
    std::string authorization; // .../protocol/openid-connect/auth
    std::string token;
    std::string userinfo;
    std::string end_session;
    std::string introspection;
    std::string revocation;
    std::string jwks;
    std::string login;        // the login page (path only)
    std::string login_card;   // its CPS card form (path only)
    std::string login_mobile; // its phone authenticator forms (paths only)
    std::string login_mobile_check;
    std::string login_passkey;     // the passkey form (path only)
    std::string login_workstation; // the workstation certificate's step-up form (path only)
    std::string login_ocra;        // the CPS calculator's forms (paths only)
    std::string login_ocra_answer;
    std::string device_enroll; // the device API (URLs: the device signs them as `htu`)
    std::string device_requests;
    std::string device_decision;
    std::string ciba;                  // OpenID CIBA backchannel authentication endpoint (URL)
    std::string account_authenticator; // « Mon compte » › phone authenticator (path only)
    std::string account_passkeys;      // « Mon compte » › clés d'accès (path only)
    std::string account_certificates;  // « Mon compte » › certificats de poste (path only)
    std::string certificate_withdraw;  // the withdrawal page of a workstation certificate (path only)
    std::string workstation_crl;       // the workstation CA's CRL (URL)
    std::string console_certificates;  // the console's workstation certificates (path only)
    std::string console_audit;         // the console's audit log (path only)
    std::string console_access;        // the referents' list of access requests (path only)
    std::string console_access_record; // one access request (path only)
    std::string console_access_reauth; // "log in again" before a decision (path only)
    std::string console_access_grant;  // an administrator grants services directly (path only)
    std::string console_services;      // the service catalogue and its referents (path only)
    // The console's pages a login may return to (web/return_to.hpp).
    std::vector<std::string> console_paths() const {
        return {console_access, console_certificates, console_audit, console_services};
    }
    std::string portal;          // "/" (path only)
    std::string password_forgot; // paths only
    std::string password_reset;
    std::string password_change;
    std::string access_request;
    std::string account; // « Mon compte » and its forms
    std::string account_email;
    std::string account_email_verify;
    std::string account_phone;
    std::string account_password;
    std::string account_session_close;
    std::string register_card; // the registration wizard's pages
    std::string register_details;
    std::string register_profile;
    std::string register_review;
    std::string register_sent;
    std::string register_verify;

    static Endpoints from_issuer(const std::string& issuer, const std::string& base_path);
};

// What every endpoint may use; built once by app/ from the validated configuration.
struct Deps {
    const config::Config& config;
    Endpoints endpoints;
    storage::Store& store;
    crypto::KeyRing& keys;
    const domain::Clock& clock;
    web::Pages& pages;
    http::Metrics& metrics;
    domain::LoginThrottle& throttle;
    InteractionStore& interactions;
    const oidc::ClientRegistry& clients;
    domain::AcrMapping acr;
    std::string csrf_secret;
    // Demo mode: test logins listed on the login page (empty in production).
    std::vector<web::SandboxLogin> sandbox_logins;
    std::string sandbox_password;
    cache::ClaimsCache* userinfo_cache = nullptr; // optional
    cache::TokenCache* token_cache = nullptr;     // optional
    // The login methods this deployment offers (app/serve.cpp: a password always, the card when a
    // certificate can reach us); the login page shows those that reach the required level.
    std::vector<domain::LoginMethod> login_methods = {domain::LoginMethod::password};
    const crypto::CrlHolder* card_crls = nullptr; // the CRLs in force; null = no revocation checking
    // Unwraps the OCRA tokens' secrets; null when the deployment has none to offer ([ocra] off).
    const crypto::KeyEncryptionKey* kek = nullptr;
    // Issues workstation certificates; null when [workstation] is off.
    const crypto::IssuingCa* workstation_ca = nullptr;
};

// The login methods the configuration makes available (Deps::login_methods).
std::vector<domain::LoginMethod> login_methods_of(const config::Config& config);

inline constexpr const char* kSessionCookie = "__Host-esc_session";

} // namespace esc::endpoints
