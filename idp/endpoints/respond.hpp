#pragma once
#include "endpoints/deps_fwd.hpp"
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "domain/oauth_error.hpp"
#include "http/message.hpp"
#include "oidc/authorization_request.hpp"
#include "storage/store.hpp"

namespace esc::endpoints {

// Every OAuth error leaves Esculape through this file (RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3,
// RFC 9207). The log-only detail never reaches the wire.

// JSON error of the token, introspection and revocation endpoints; `invalid_client` on 401 adds
// WWW-Authenticate (RFC 6749 §5.2).
http::Response token_error(const domain::OAuthError& error);
// 401/403 of a protected resource (userinfo), with `WWW-Authenticate: Bearer error=...`.
http::Response bearer_error(const domain::OAuthError& error);
// An authorization error: an HTML page while the client or redirect URI is not verified
// (`target` null or error not redirectable), otherwise back to the client per its response mode.
http::Response authorize_error(const Deps& deps, const domain::OAuthError& error,
                               const oidc::AuthorizationRequest* target);
// The successful or failed authorization response, delivered per response_mode.
http::Response authorization_response(const Deps& deps, const oidc::AuthorizationRequest& target,
                                      std::vector<std::pair<std::string, std::string>> params);
// A JSON body with `Cache-Control: no-store` (token responses, RFC 6749 §5.1).
http::Response json_no_store(int status, const nlohmann::json& body);
// An HTML page with the security headers every page carries.
http::Response page(int status, std::string html);
// A handler's storage failure: a full disk or read-only database is temporary for the client
// (503 `temporarily_unavailable`, with Retry-After when the disk is full); anything else is a
// 500 `server_error`. The detail goes to the log only.
// What a route answers when its handler fails (a storage error or any other exception): the
// error page for a route that serves pages (`html`), JSON otherwise. A full or read-only store
// is temporarily_unavailable (503, Retry-After for a full disk); anything else server_error
// (500), with the detail only in the log.
http::Response storage_failure(const Deps& deps, bool html, const storage::StorageError& error);
http::Response unexpected_failure(const Deps& deps, bool html, const std::exception& error);
// A failure found outside any handler (the transport's 400/408/413/431, too many parameters, an
// escaped exception): the same shapes, a French page on a browser's route, JSON otherwise.
http::Response transport_error(const Deps& deps, bool html, int status, std::string_view code,
                               std::string_view description);
// The error page of `error` (its status, the table's French explanation, the code for integrators).
http::Response error_page(const Deps& deps, const domain::OAuthError& error);
// Log-only line for an error (detail included), never with secrets.
void log_oauth_error(const std::string& where, const domain::OAuthError& error);

} // namespace esc::endpoints
