#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

// One OAuth/OIDC error type: which code (an enum), its wire name, public description, log-only
// detail, HTTP status and whether it may be sent back to the client's redirect URI. The codes
// and what goes with each (wire name, status, redirectable, French explanation for pages) are
// one table in oauth_error.cpp, from RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 6750
// §3.1, RFC 7009 §2.2.1. Errors are built only through the factories below.
namespace esc::domain {

enum class ErrorCode {
    invalid_request,
    invalid_client,
    invalid_grant,
    unauthorized_client,
    unsupported_grant_type,
    invalid_scope,
    access_denied,
    unsupported_response_type,
    server_error,
    temporarily_unavailable,
    login_required,
    interaction_required,
    consent_required,
    invalid_request_uri,
    request_not_supported,
    request_uri_not_supported,
    registration_not_supported,
    invalid_token,
    insufficient_scope,
    unsupported_token_type,
    // OpenID CIBA Core 1.0 §11 and §13 (poll mode at the token endpoint, then the auth request).
    authorization_pending,
    slow_down,
    expired_token,
    unknown_user_id,
    invalid_binding_message,
};

// One row of the table.
struct ErrorCodeInfo {
    ErrorCode code;
    std::string_view wire;        // the `error` value on the wire
    int status;                   // HTTP status when answered directly (JSON or page)
    bool redirectable;            // may go back to a verified redirect URI (authorize)
    std::string_view explanation; // plain French for the error page, never ""
};

// Every code, in declaration order (a test walks it).
std::span<const ErrorCodeInfo> error_codes();
const ErrorCodeInfo& info(ErrorCode code);
// The code of a wire name (nullopt for a name this provider never sends).
std::optional<ErrorCode> error_code_from_wire(std::string_view wire);
// The French explanation of a wire name; a generic sentence for unknown ones.
std::string_view error_explanation(std::string_view wire);

struct OAuthError {
    ErrorCode id = ErrorCode::server_error;
    std::string code;        // wire name, from the table
    std::string description; // public, shown to the client
    std::string detail;      // log only
    int status = 400;
    bool redirectable = true; // false until client and redirect URI are verified

    OAuthError& with_detail(std::string d) {
        detail = std::move(d);
        return *this;
    }
};

// An error of `code` with the table's status and redirectability.
OAuthError make_error(ErrorCode code, std::string description);

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
OAuthError invalid_token(std::string description);           // 401 (RFC 6750)
OAuthError insufficient_scope(std::string description);      // 403 (RFC 6750)
OAuthError unsupported_token_type(std::string description);  // RFC 7009 §2.2.1
OAuthError authorization_pending(std::string description);   // CIBA: not decided yet
OAuthError slow_down(std::string description);               // CIBA: polled faster than the interval
OAuthError expired_token(std::string description);           // CIBA: auth_req_id expired
OAuthError unknown_user_id(std::string description);         // CIBA: login_hint names nobody
OAuthError invalid_binding_message(std::string description); // CIBA: binding_message unusable
// Not redirectable: the client or the redirect URI could not be trusted.
OAuthError invalid_redirect_uri(std::string description);
OAuthError unknown_client(std::string description);
} // namespace oauth_errors

} // namespace esc::domain
