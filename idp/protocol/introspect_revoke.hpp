#pragma once
#include "http/message.hpp"

namespace esc::protocol {
struct Deps;
// POST .../token/introspect (RFC 7662), for authenticated confidential clients.
http::Response handle_introspect(http::Request& request, const Deps& deps);
// POST .../revoke (RFC 7009).
http::Response handle_revoke(http::Request& request, const Deps& deps);
} // namespace esc::protocol
