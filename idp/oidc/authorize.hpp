#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::oidc {
// GET/POST .../protocol/openid-connect/auth
http::Response handle_authorize(http::Request& request, const Deps& deps);
} // namespace esc::oidc
