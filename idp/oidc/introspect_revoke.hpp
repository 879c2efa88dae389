#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::oidc {
// POST .../token/introspect (RFC 7662), for authenticated confidential clients.
http::Response handle_introspect(http::Request& request, const Deps& deps);
// POST .../revoke (RFC 7009).
http::Response handle_revoke(http::Request& request, const Deps& deps);
} // namespace esc::oidc
