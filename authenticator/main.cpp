// idp-authenticator: the reference device side of Esculape's phone authenticator. Commands,
// exit codes and the protocol: README.md.
#include <iostream>

#include <curl/curl.h>

#include "cli_options.hpp"
#include "commands.hpp"
#include "failure.hpp"

namespace ea = esc::authenticator;

namespace {

int run(const ea::Options& options) {
    switch (options.command) {
    case ea::Command::help:
        std::cout << ea::kUsage;
        break;
    case ea::Command::enroll:
        ea::run_enroll(options, std::cout);
        break;
    case ea::Command::pending:
        ea::run_pending(options, std::cout);
        break;
    case ea::Command::approve:
        ea::run_decision(options, ea::Decision::approve, std::cout);
        break;
    case ea::Command::deny:
        ea::run_decision(options, ea::Decision::deny, std::cout);
        break;
    case ea::Command::ocra:
        ea::run_ocra(options, std::cout);
        break;
    }
    return static_cast<int>(ea::ExitCode::ok);
}

} // namespace

int main(int argc, char** argv) {
    // Before any thread or handle exists: curl_global_init is not thread-safe.
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::cerr << "idp-authenticator: libcurl ne peut pas s'initialiser.\n";
        return static_cast<int>(ea::ExitCode::local_error);
    }
    int code = 0;
    try {
        code = run(ea::parse_options(argc, argv));
    } catch (const ea::Failure& failure) {
        std::cerr << "idp-authenticator: " << failure.what() << '\n';
        if (failure.code() == ea::ExitCode::usage) std::cerr << "Aide : idp-authenticator --help\n";
        code = static_cast<int>(failure.code());
    } catch (const std::exception& e) {
        std::cerr << "idp-authenticator: erreur inattendue : " << e.what() << '\n';
        code = static_cast<int>(ea::ExitCode::local_error);
    }
    curl_global_cleanup();
    return code;
}
