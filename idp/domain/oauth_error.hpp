#pragma once
#include <string>

// One OAuth/OIDC error type: wire code, public description, log-only detail, HTTP status and
// whether it may be sent back to the client's redirect URI. Built only through the factories,
// named after the codes of RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 6750 §3.1.
namespace esc::domain {

struct OAuthError {
    std::string code;
    std::string description; // public, shown to the client
    std::string detail;      // log only
    int status = 400;
    bool redirectable = true; // false until client and redirect URI are verified

    OAuthError& with_detail(std::string d) {
        detail = std::move(d);
        return *this;
    }
};

namespace oauth_errors {
OAuthError invalid_request(std::string description);
OAuthError invalid_client(std::string description); // 401
OAuthError invalid_grant(std::string description);
OAuthError unauthorized_client(std::string description);
OAuthError unsupported_grant_type(std::string description);
OAuthError invalid_scope(std::string description);
OAuthError access_denied(std::string description);
OAuthError unsupported_response_type(std::string description);
OAuthError server_error(std::string detail);                 // 500, generic public text
OAuthError temporarily_unavailable(std::string description); // 503
OAuthError login_required(std::string description);
OAuthError interaction_required(std::string description);
OAuthError consent_required(std::string description);
OAuthError invalid_request_uri(std::string description);
OAuthError request_not_supported(std::string description);
OAuthError request_uri_not_supported(std::string description);
OAuthError registration_not_supported(std::string description);
OAuthError invalid_token(std::string description);          // 401 (RFC 6750)
OAuthError insufficient_scope(std::string description);     // 403 (RFC 6750)
OAuthError unsupported_token_type(std::string description); // RFC 7009 §2.2.1
// Not redirectable: the client or the redirect URI could not be trusted.
OAuthError invalid_redirect_uri(std::string description);
OAuthError unknown_client(std::string description);
} // namespace oauth_errors

} // namespace esc::domain
