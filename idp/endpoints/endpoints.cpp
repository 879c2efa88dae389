#include "endpoints/deps.hpp"
#include "endpoints/routes.hpp"

namespace esc::endpoints {

// A password always; the CPS card when a verified certificate can reach the handlers: requested
// by this listener (tls.client_ca_file) or forwarded by a trusted proxy with its secret.
std::vector<domain::LoginMethod> login_methods_of(const config::Config& config) {
    std::vector<domain::LoginMethod> methods{domain::LoginMethod::password};
    const bool certificates = !config.tls.client_ca_file.empty() ||
                              (!config.server.trusted_proxies.empty() && !config.server.proxy_secret.empty());
    if (config.card.enabled && certificates) methods.push_back(domain::LoginMethod::card);
    if (config.mobile.enabled) methods.push_back(domain::LoginMethod::mobile);
    if (config.ocra.enabled) methods.push_back(domain::LoginMethod::ocra);
    if (config.passkey.enabled) methods.push_back(domain::LoginMethod::passkey);
    return methods;
}

Endpoints Endpoints::from_issuer(const std::string& issuer, const std::string& base_path) {
    Endpoints e;
    e.issuer = issuer;
    e.base_path = base_path;
    // The issuer's URL ends with its path: the endpoints under it are the issuer plus their path
    // relative to it, as written in the route table.
    auto url = [&issuer](std::string_view name) { return issuer + route_path(name, ""); };
    e.authorization = url("authorize");
    e.token = url("token");
    e.userinfo = url("userinfo");
    e.end_session = url("end_session");
    e.introspection = url("introspect");
    e.revocation = url("revoke");
    e.jwks = url("jwks");
    e.login = route_path("login", base_path);
    e.login_card = route_path("login_card", base_path);
    e.login_mobile = route_path("login_mobile", base_path);
    e.login_mobile_check = route_path("login_mobile_check", base_path);
    e.login_ocra = route_path("login_ocra", base_path);
    e.login_passkey = route_path("login_passkey", base_path);
    e.login_workstation = route_path("login_workstation", base_path);
    e.account_passkeys = route_path("account_passkeys", base_path);
    e.account_certificates = route_path("account_certificates", base_path);
    e.certificate_withdraw = route_path("certificate_withdraw", base_path);
    e.workstation_crl = url("workstation_crl");
    e.console_certificates = route_path("console_certificates", base_path);
    e.console_audit = route_path("console_audit", base_path);
    e.console_access = route_path("console_access", base_path);
    e.console_access_record = route_path("console_access_record", base_path);
    e.console_access_reauth = route_path("console_access_reauth", base_path);
    e.console_access_grant = route_path("console_access_grant", base_path);
    e.console_services = route_path("console_services", base_path);
    e.login_ocra_answer = route_path("login_ocra_answer", base_path);
    e.device_enroll = url("device_enroll");
    e.device_requests = url("device_requests");
    e.device_decision = url("device_decision");
    e.ciba = url("ciba");
    e.account_authenticator = route_path("account_authenticator", base_path);
    e.portal = route_path("portal", base_path);
    e.password_forgot = route_path("password_forgot", base_path);
    e.password_reset = route_path("password_reset", base_path);
    e.password_change = route_path("password_change", base_path);
    e.access_request = route_path("access_request", base_path);
    e.account = route_path("account", base_path);
    e.account_email = route_path("account_email", base_path);
    e.account_email_verify = route_path("account_email_verify", base_path);
    e.account_phone = route_path("account_phone", base_path);
    e.account_password = route_path("account_password", base_path);
    e.account_session_close = route_path("account_session_close", base_path);
    e.register_card = route_path("register_card", base_path);
    e.register_details = route_path("register_details", base_path);
    e.register_profile = route_path("register_profile", base_path);
    e.register_review = route_path("register_review", base_path);
    e.register_sent = route_path("register_sent", base_path);
    e.register_verify = route_path("register_verify", base_path);
    return e;
}

} // namespace esc::endpoints
