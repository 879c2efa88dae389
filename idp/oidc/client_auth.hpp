#pragma once
#include "endpoints/deps_fwd.hpp"
#include <variant>

#include "domain/oauth_error.hpp"
#include "http/form.hpp"
#include "http/message.hpp"
#include "oidc/client_registry.hpp"

namespace esc::oidc {

// Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
// OIDC Core §9, RFC 7523 §3). Exactly one method per request, and it must be the client's
// registered one. Failures are invalid_client (401).
std::variant<const ClientRegistry::Entry*, domain::OAuthError>
authenticate_client(const Deps& deps, const http::Request& request, const http::FormParams& body);

} // namespace esc::oidc
