#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// The service catalogue on the console (administrators): each service's settings as the
// configuration defines them, and its referents — those of the files, and those added or removed
// here (role changes, each in the audit log).
namespace esc::admin {

http::Response handle_console_services(http::Request& request, const Deps& deps);
http::Response handle_console_services_submit(http::Request& request, const Deps& deps);

} // namespace esc::admin
