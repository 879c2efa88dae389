#pragma once
#include <variant>

#include "admin/console_roles.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "http/message.hpp"

namespace esc::admin {

// Someone on a console page, once the guard let them through.
struct ConsoleAccess {
    endpoints::ActiveSession session;
    ConsoleRole role;
    http::FormParams form; // POST only
};

// Who a page is for: the platform's administration (administrators only), or the access requests
// (administrators, helpdesk and referents; each handler then scopes what it shows).
enum class ConsolePage { administration, access };

// The console's guard, in order: (POST) not posted by another site; a live session (else the login
// page, which comes back here after a GET); a console role for this page (else 403); a session at
// the person's console level (else 403 saying how to log in); (POST) a CSRF token bound to the
// session.
std::variant<ConsoleAccess, http::Response> console_access(const http::Request& request, const Deps& deps, bool post,
                                                           ConsolePage page = ConsolePage::administration);

} // namespace esc::admin
