#include "domain/oauth_error.hpp"

namespace esc::domain::oauth_errors {

namespace {
OAuthError make(const char* code, std::string description, int status, bool redirectable = true) {
    return OAuthError{code, std::move(description), {}, status, redirectable};
}
} // namespace

OAuthError invalid_request(std::string d) {
    return make("invalid_request", std::move(d), 400);
}
OAuthError invalid_client(std::string d) {
    return make("invalid_client", std::move(d), 401);
}
OAuthError invalid_grant(std::string d) {
    return make("invalid_grant", std::move(d), 400);
}
OAuthError unauthorized_client(std::string d) {
    return make("unauthorized_client", std::move(d), 400);
}
OAuthError unsupported_grant_type(std::string d) {
    return make("unsupported_grant_type", std::move(d), 400);
}
OAuthError invalid_scope(std::string d) {
    return make("invalid_scope", std::move(d), 400);
}
OAuthError access_denied(std::string d) {
    return make("access_denied", std::move(d), 403);
}
OAuthError unsupported_response_type(std::string d) {
    return make("unsupported_response_type", std::move(d), 400);
}
OAuthError server_error(std::string detail) {
    auto e = make("server_error", "The server encountered an unexpected condition.", 500);
    e.detail = std::move(detail);
    return e;
}
OAuthError temporarily_unavailable(std::string d) {
    return make("temporarily_unavailable", std::move(d), 503);
}
OAuthError login_required(std::string d) {
    return make("login_required", std::move(d), 400);
}
OAuthError interaction_required(std::string d) {
    return make("interaction_required", std::move(d), 400);
}
OAuthError consent_required(std::string d) {
    return make("consent_required", std::move(d), 400);
}
OAuthError invalid_request_uri(std::string d) {
    return make("invalid_request_uri", std::move(d), 400);
}
OAuthError request_not_supported(std::string d) {
    return make("request_not_supported", std::move(d), 400);
}
OAuthError request_uri_not_supported(std::string d) {
    return make("request_uri_not_supported", std::move(d), 400);
}
OAuthError registration_not_supported(std::string d) {
    return make("registration_not_supported", std::move(d), 400);
}
OAuthError invalid_token(std::string d) {
    return make("invalid_token", std::move(d), 401);
}
OAuthError insufficient_scope(std::string d) {
    return make("insufficient_scope", std::move(d), 403);
}
OAuthError unsupported_token_type(std::string d) {
    return make("unsupported_token_type", std::move(d), 400);
}
OAuthError invalid_redirect_uri(std::string d) {
    return make("invalid_request", std::move(d), 400, false);
}
OAuthError unknown_client(std::string d) {
    return make("invalid_client", std::move(d), 400, false);
}

} // namespace esc::domain::oauth_errors
