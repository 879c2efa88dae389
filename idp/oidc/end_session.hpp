#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::oidc {
// GET/POST .../protocol/openid-connect/logout (OpenID Connect RP-Initiated Logout 1.0).
http::Response handle_end_session(http::Request& request, const Deps& deps);
} // namespace esc::oidc
