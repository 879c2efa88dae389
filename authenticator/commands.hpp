#pragma once
// The four commands. Each writes its result line to `out` and throws a Failure otherwise
// (main turns it into the message and the exit code).
#include <ostream>

#include "cli_options.hpp"
#include "device_api.hpp"

namespace esc::authenticator {

// Generates the key, enrols it, then writes the state file: "enrolled <device_id> for <login>".
void run_enroll(const Options& options, std::ostream& out);
// One line per pending request: "<id> <binding_code> <service>".
void run_pending(const Options& options, std::ostream& out);
// approve (PIN checked first) or deny: "approved <id>" / "denied <id>".
void run_decision(const Options& options, Decision decision, std::ostream& out);
// The CPS calculator: the response to a challenge (RFC 6287), on one line.
void run_ocra(const Options& options, std::ostream& out);

} // namespace esc::authenticator
