#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::portal {
// GET /: the professionals' home (identity, places of practice, service tiles).
http::Response handle_portal(http::Request& request, const Deps& deps);
// POST /logout: sign out from the portal (CSRF bound to the session).
http::Response handle_portal_logout(http::Request& request, const Deps& deps);
// POST /access-request: the signed-in professional asks for a service on approval (to process).
http::Response handle_access_request(http::Request& request, const Deps& deps);
} // namespace esc::portal
