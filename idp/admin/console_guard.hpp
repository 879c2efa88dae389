#pragma once
#include <variant>

#include "endpoints/deps_fwd.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "http/message.hpp"

namespace esc::admin {

// An administrator on a console page, once the guard let them through.
struct ConsoleAccess {
    endpoints::ActiveSession session;
    http::FormParams form; // POST only
};

// The console's guard, in order: (POST) not posted by another site; a live session (else the login
// page); an account listed in [console] administrators (else 403); a session at [console] min_acr
// (else 403 saying how to log in); (POST) a CSRF token bound to the session.
std::variant<ConsoleAccess, http::Response> console_access(const http::Request& request, const Deps& deps, bool post);

} // namespace esc::admin
