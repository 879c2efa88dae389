#pragma once
#include <cstdint>
#include <string>

#include "domain/time.hpp"

// One line of the append-only audit log: who did what to what, the values before and after, when,
// from which address and session. Nothing writes over or deletes an entry (the SQLite table refuses
// UPDATE and DELETE by trigger).
namespace esc::domain {

struct AuditEntry {
    std::int64_t id = 0;
    UnixTime at = 0;
    std::string actor;  // login of who acted ("system" for the server itself)
    std::string action; // dotted name, e.g. "workstation_certificate.approve"
    std::string target; // what it acted on, e.g. "workstation_certificate:<id>"
    std::string before; // JSON or "" (a creation)
    std::string after;  // JSON or "" (a deletion)
    std::string address;
    std::string session; // the session's public id (sid), "" without a session
};

} // namespace esc::domain
