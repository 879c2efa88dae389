#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// An administrator grants services directly to a professional of the directory: the account is
// opened if needed (login and password link by mail), each service accepted with its mail and audit
// entry.
namespace esc::admin {

http::Response handle_console_grant(http::Request& request, const Deps& deps);
http::Response handle_console_grant_submit(http::Request& request, const Deps& deps);

} // namespace esc::admin
