#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::portal {
// GET /account/authenticator: the professional's phones, and how to activate one.
http::Response handle_authenticator_page(http::Request& request, const Deps& deps);
// POST /account/authenticator (session CSRF), `action`:
//   activate  — after a strong login (eidas2 or more): an activation code, shown with its QR code;
//   mail_code — otherwise: an activation code mailed to the MSSanté address of the national directory;
//   revoke    — a device of the account stops being able to approve anything.
http::Response handle_authenticator_submit(http::Request& request, const Deps& deps);
} // namespace esc::portal
