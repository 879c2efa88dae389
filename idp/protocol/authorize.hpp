#pragma once
#include "http/message.hpp"

namespace esc::protocol {
struct Deps;
// GET/POST .../protocol/openid-connect/auth
http::Response handle_authorize(http::Request& request, const Deps& deps);
} // namespace esc::protocol
