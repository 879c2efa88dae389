#pragma once
#include <string>

#include "domain/audit.hpp"
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::endpoints {

// An audit entry for what `actor` did through `request` now: the address it came from and the
// session's public id (sid) are taken from the request, so that no handler forgets them.
domain::AuditEntry audit_entry(const Deps& deps, const http::Request& request, const std::string& actor,
                               const std::string& action, const std::string& target, const std::string& before,
                               const std::string& after);

} // namespace esc::endpoints
