#include <stdexcept>
#include <string>

#include "endpoints/routes.hpp"

namespace esc::endpoints {

namespace {

// Every path of the provider, written once. Paths under the issuer are relative to the issuer's
// path (PSC's layout: P/protocol/openid-connect/...); discovery advertises the rows that have a
// metadata key (OIDC Discovery §3, RFC 8414 §2), so an advertised endpoint always exists.
struct PathRow {
    std::string_view name;
    std::string_view path;
    bool under_issuer;
    std::string_view discovery_key;
};
constexpr PathRow kPaths[] = {
    {"authorize", "/protocol/openid-connect/auth", true, "authorization_endpoint"},
    {"token", "/protocol/openid-connect/token", true, "token_endpoint"},
    {"userinfo", "/protocol/openid-connect/userinfo", true, "userinfo_endpoint"},
    {"end_session", "/protocol/openid-connect/logout", true, "end_session_endpoint"},
    {"introspect", "/protocol/openid-connect/token/introspect", true, "introspection_endpoint"},
    {"revoke", "/protocol/openid-connect/revoke", true, "revocation_endpoint"},
    {"jwks", "/protocol/openid-connect/certs", true, "jwks_uri"},
    {"discovery", "/.well-known/openid-configuration", true, ""},
    {"discovery_wallet", "/.well-known/wallet-openid-configuration", true, ""},
    {"login", "/login", true, ""},
    {"login_card", "/login/card", true, ""},
    {"login_mobile", "/login/mobile", true, ""},
    {"login_mobile_check", "/login/mobile/check", true, ""},
    {"login_ocra", "/login/ocra", true, ""},
    {"login_passkey", "/login/passkey", true, ""},
    {"login_workstation", "/login/workstation", true, ""},
    {"account_passkeys", "/account/passkeys", false, ""},
    {"account_certificates", "/account/certificates", false, ""},
    {"certificate_withdraw", "/certificates/withdraw", false, ""},
    {"workstation_crl", "/certificates/crl", true, ""},
    {"console_certificates", "/console/certificates", false, ""},
    {"console_audit", "/console/audit", false, ""},
    {"console_access", "/console/access", false, ""},
    {"console_access_record", "/console/access/request", false, ""},
    {"console_access_reauth", "/console/access/reauth", false, ""},
    {"console_access_grant", "/console/access/grant", false, ""},
    {"console_services", "/console/services", false, ""},
    {"login_ocra_answer", "/login/ocra/answer", true, ""},
    {"device_enroll", "/device/enroll", true, ""},
    {"device_requests", "/device/requests", true, ""},
    {"device_decision", "/device/requests/decision", true, ""},
    {"ciba", "/ext/ciba/auth", true, "backchannel_authentication_endpoint"},
    {"account_authenticator", "/account/authenticator", false, ""},
    {"portal", "/", false, ""},
    {"portal_logout", "/logout", false, ""},
    {"password_forgot", "/password/forgot", false, ""},
    {"password_reset", "/password/reset", false, ""},
    {"password_change", "/password/change", false, ""},
    {"access_request", "/access-request", false, ""},
    {"account", "/account", false, ""},
    {"account_email", "/account/email", false, ""},
    {"account_email_verify", "/account/email/verify", false, ""},
    {"account_phone", "/account/phone", false, ""},
    {"account_password", "/account/password", false, ""},
    {"account_session_close", "/account/sessions/close", false, ""},
    {"register_card", "/register", false, ""},
    {"register_details", "/register/details", false, ""},
    {"register_profile", "/register/profile", false, ""},
    {"register_review", "/register/review", false, ""},
    {"register_sent", "/register/sent", false, ""},
    {"register_verify", "/register/verify", false, ""},
    {"stylesheet", "/static/esculape.css", false, ""},
    {"healthz", "/healthz", false, ""},
    {"readyz", "/readyz", false, ""},
    {"metrics", "/metrics", false, ""},
    {"deliveries", "/deliveries", false, ""},
};

const PathRow* find_path(std::string_view name) {
    for (const auto& row : kPaths)
        if (row.name == name) return &row;
    return nullptr;
}

} // namespace

std::string route_path(std::string_view name, const std::string& base_path) {
    const auto* row = find_path(name);
    if (!row) throw std::logic_error("no path named " + std::string(name) + " in the route table");
    return row->under_issuer ? base_path + std::string(row->path) : std::string(row->path);
}

std::string_view discovery_key_of(std::string_view name) {
    const auto* row = find_path(name);
    return row ? row->discovery_key : std::string_view();
}

} // namespace esc::endpoints
