#include "commands.hpp"
#include "device_state.hpp"
#include "failure.hpp"
#include "printable.hpp"

namespace esc::authenticator {

void run_pending(const Options& options, std::ostream& out) {
    const DeviceState state = load_state(options.state_path);
    if (state.locked()) throw device_locked();
    const DeviceKey key = DeviceKey::from_pem(state.private_key_pem);
    const HttpClient http(options.ca_file);
    for (const auto& request : DeviceApi(http, state.issuer).pending({key, state.device_id}))
        out << printable(request.id) << ' ' << printable(request.binding_code) << ' ' << printable(request.service)
            << '\n';
}

} // namespace esc::authenticator
