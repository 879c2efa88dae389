#include "endpoints/audit_entry.hpp"

#include "endpoints/deps.hpp"
#include "endpoints/sso.hpp"

namespace esc::endpoints {

domain::AuditEntry audit_entry(const Deps& deps, const http::Request& request, const std::string& actor,
                               const std::string& action, const std::string& target, const std::string& before,
                               const std::string& after) {
    domain::AuditEntry e;
    e.at = deps.clock.now();
    e.actor = actor;
    e.action = action;
    e.target = target;
    e.before = before;
    e.after = after;
    e.address = request.remote_addr;
    if (auto session = current_session(deps, request)) e.session = session->session.sid;
    return e;
}

} // namespace esc::endpoints
