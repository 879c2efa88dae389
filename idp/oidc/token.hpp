#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::oidc {
// POST .../protocol/openid-connect/token (RFC 6749 §3.2): authorization_code, refresh_token,
// client_credentials.
http::Response handle_token(http::Request& request, const Deps& deps);
} // namespace esc::oidc
