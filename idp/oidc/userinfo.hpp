#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::oidc {
// GET/POST .../protocol/openid-connect/userinfo (OIDC Core §5.3): the PSC claim set.
http::Response handle_userinfo(http::Request& request, const Deps& deps);
} // namespace esc::oidc
