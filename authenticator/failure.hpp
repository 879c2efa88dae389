#pragma once
// The one error type of the authenticator: every way a command can fail, with the exit code the
// caller scripts on and the message a person reads (in French, like the rest of the product).
#include <stdexcept>
#include <string>

namespace esc::authenticator {

// Exit codes, part of the command-line contract (README.md): tests and the demo branch on them.
enum class ExitCode : int {
    ok = 0,
    local_error = 1,    // the state file cannot be read or written, OpenSSL failed
    usage = 2,          // bad or missing arguments, PIN not 4 to 6 digits
    wrong_pin = 3,      // the PIN does not match the verifier (one attempt used)
    no_request = 4,     // no matching pending request, after --wait
    server_refused = 5, // the idp answered with an error, or with something unreadable
    device_locked = 6,  // too many wrong PINs: the key was wiped
    network = 7,        // no HTTP answer: DNS, connection, TLS verification, timeout
};

class Failure : public std::runtime_error {
public:
    Failure(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

private:
    ExitCode code_;
};

Failure local_error(const std::string& what);
Failure usage_error(const std::string& what);
Failure wrong_pin(int attempts_left);
Failure no_request(const std::string& why);
// `error` and `description` are the idp's JSON members; `status` is the HTTP status.
Failure server_refused(long status, const std::string& error, const std::string& description);
Failure unexpected_response(const std::string& what);
// `just_now`: this wrong PIN was the last one allowed.
Failure device_locked(bool just_now = false);
Failure network_error(const std::string& detail);

} // namespace esc::authenticator
