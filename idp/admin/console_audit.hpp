#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::admin {
// GET /console/audit?action=PREFIX&actor=LOGIN[&format=csv]: the audit log, newest first, as a page
// (200 entries) or a CSV download (10,000). Administrators only; there is no way to change an entry.
http::Response handle_console_audit(http::Request& request, const Deps& deps);
} // namespace esc::admin
