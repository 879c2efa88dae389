#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::admin {
// GET /console/certificates: requests to decide, certificates in force, the collective form.
http::Response handle_console_certificates(http::Request& request, const Deps& deps);
// POST /console/certificates: approve (two mails: link, then code), refuse (with a reason),
// revoke, or create and approve a collective certificate. Each decision is audited.
http::Response handle_console_certificates_submit(http::Request& request, const Deps& deps);
} // namespace esc::admin
