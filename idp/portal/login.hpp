#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::portal {
// GET .../login: the login page of an interaction (or a new portal login).
http::Response handle_login_page(http::Request& request, const Deps& deps);
// POST .../login: password check (Argon2id, on the blocking pool), throttled, CSRF-protected.
http::Response handle_login_submit(http::Request& request, const Deps& deps);
// 403 page for a form posted from another site (web/request_origin.hpp), shared by every form.
http::Response cross_site_refused(const Deps& deps);
} // namespace esc::portal
