#include <unistd.h>

#include <climits>

#include "commands.hpp"
#include "device_state.hpp"
#include "failure.hpp"
#include "issuer_url.hpp"
#include "printable.hpp"

namespace esc::authenticator {
namespace {

std::string default_device_name() {
    char host[HOST_NAME_MAX + 1] = "";
    if (::gethostname(host, sizeof host) != 0 || host[0] == '\0') return "idp-authenticator";
    host[HOST_NAME_MAX] = '\0';
    return host;
}

} // namespace

void run_enroll(const Options& options, std::ostream& out) {
    const EnrolmentLink link = options.url.empty() ? EnrolmentLink{normalize_issuer(options.issuer), options.code}
                                                   : parse_enrolment_url(options.url);
    require_new_state_file(options.state_path);

    DeviceState state;
    state.issuer = link.issuer;
    state.device_name = options.name.empty() ? default_device_name() : options.name;
    state.pin = PinVerifier::create(options.pin);
    const DeviceKey key = DeviceKey::generate();
    state.private_key_pem = key.pkcs8_pem();

    const HttpClient http(options.ca_file);
    const Enrolment enrolment = DeviceApi(http, state.issuer).enroll(link.code, key.public_jwk(), state.device_name);
    state.device_id = enrolment.device_id;
    state.login = enrolment.login;
    state.display_name = enrolment.display_name;
    save_state(options.state_path, state, SaveMode::create_new);
    out << "enrolled " << printable(state.device_id) << " for " << printable(state.login) << '\n';
}

} // namespace esc::authenticator
