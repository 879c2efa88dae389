#include "failure.hpp"

namespace esc::authenticator {

Failure local_error(const std::string& what) {
    return {ExitCode::local_error, what};
}

Failure usage_error(const std::string& what) {
    return {ExitCode::usage, what};
}

Failure wrong_pin(int attempts_left) {
    const std::string left =
        attempts_left == 1 ? "1 essai restant" : std::to_string(attempts_left) + " essais restants";
    return {ExitCode::wrong_pin, "Code PIN incorrect (" + left + ")."};
}

Failure no_request(const std::string& why) {
    return {ExitCode::no_request, why};
}

Failure server_refused(long status, const std::string& error, const std::string& description) {
    std::string message = "Le serveur a refusé la demande (HTTP " + std::to_string(status) + ")";
    if (!error.empty()) message += " : " + error;
    if (!description.empty()) message += " — " + description;
    if (message.back() != '.') message += '.'; // descriptions are sentences that may end with their own
    return {ExitCode::server_refused, message};
}

Failure unexpected_response(const std::string& what) {
    return {ExitCode::server_refused, "Réponse inattendue du serveur : " + what + "."};
}

Failure device_locked(bool just_now) {
    return {ExitCode::device_locked, std::string(just_now ? "Code PIN incorrect. " : "") +
                                         "Appareil verrouillé après 5 codes PIN incorrects : sa clé a été effacée. "
                                         "Activez-le de nouveau depuis le portail."};
}

Failure network_error(const std::string& detail) {
    return {ExitCode::network, "Impossible de joindre le serveur : " + detail};
}

} // namespace esc::authenticator
