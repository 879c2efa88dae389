#pragma once
#include "http/message.hpp"

namespace esc::protocol {
struct Deps;
// GET/POST .../protocol/openid-connect/logout (OpenID Connect RP-Initiated Logout 1.0).
http::Response handle_end_session(http::Request& request, const Deps& deps);
} // namespace esc::protocol
