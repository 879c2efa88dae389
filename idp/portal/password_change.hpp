#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// The change forced right after a correct login when the password expired or is temporary
// (interaction state awaiting_password_change), then on to the service the user was going to.
namespace esc::portal {
// GET /password/change?interaction=…
http::Response handle_password_change_page(http::Request& request, const Deps& deps);
// POST /password/change: policy, new password stored (every other session ends), session opened.
http::Response handle_password_change_submit(http::Request& request, const Deps& deps);
} // namespace esc::portal
