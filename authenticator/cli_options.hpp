#pragma once
// The command line (README.md § Commands), parsed and checked before anything touches the state
// file or the network.
#include <string>

namespace esc::authenticator {

enum class Command { help, enroll, pending, approve, deny, ocra };

struct Options {
    Command command = Command::help;
    std::string state_path; // --state
    std::string ca_file;    // --ca, "" = the system's trust store
    // enroll: either the portal's link, or the issuer and the activation code
    std::string url;
    std::string issuer;
    std::string code;
    std::string name; // the device's name shown in « Mon compte »; defaults to the host name
    std::string pin;  // enroll, approve
    // approve, deny: which request (neither = the only one pending)
    std::string request_id;
    std::string binding_code;
    int wait_seconds = 0;
    // ocra: the CPS calculator of the sandbox (no server involved)
    std::string secret;    // hexadecimal, as in the import file
    std::string challenge; // the digits the login page shows
    std::string suite = "OCRA-1:HOTP-SHA1-8:QN08";
};

// Throws a usage Failure naming the problem.
Options parse_options(int argc, char** argv);

extern const char* const kUsage;

} // namespace esc::authenticator
