#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "device_state.hpp"
#include "failure.hpp"
#include "pin_attempt.hpp"
#include "printable.hpp"

namespace esc::authenticator {
namespace {

constexpr auto kPollInterval = std::chrono::seconds(1);

// The request the options designate among those pending, or why there is none.
struct Selection {
    std::optional<PendingRequest> request;
    std::string why_not;
};

Selection select(const std::vector<PendingRequest>& pending, const Options& options) {
    std::vector<const PendingRequest*> matches;
    for (const auto& r : pending)
        if ((options.request_id.empty() || r.id == options.request_id) &&
            (options.binding_code.empty() || r.binding_code == options.binding_code))
            matches.push_back(&r);
    if (matches.size() == 1) return {*matches.front(), ""};
    // Several candidates: deciding for one of them at random could approve someone else's login.
    if (matches.size() > 1)
        return {std::nullopt, std::to_string(matches.size()) + " demandes correspondent : précisez --request ou "
                                                               "--binding (voir « pending »)"};
    if (!options.request_id.empty())
        return {std::nullopt, "Aucune demande en attente avec l'identifiant " + options.request_id};
    if (!options.binding_code.empty())
        return {std::nullopt, "Aucune demande en attente avec le code " + options.binding_code};
    return {std::nullopt, "Aucune demande de connexion en attente"};
}

// Polls GET requests once a second until a matching request is pending or --wait has elapsed
// (--wait 0: a single look).
PendingRequest wait_for_request(const DeviceApi& api, const DeviceCredentials& device, const Options& options) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::seconds(options.wait_seconds);
    for (;;) {
        Selection selection = select(api.pending(device), options);
        if (selection.request) return std::move(*selection.request);
        const auto now = Clock::now();
        if (now >= deadline) {
            const std::string waited =
                options.wait_seconds > 0 ? " (attente de " + std::to_string(options.wait_seconds) + " s)" : "";
            throw no_request(selection.why_not + waited + ".");
        }
        std::this_thread::sleep_for(std::min<Clock::duration>(kPollInterval, deadline - now));
    }
}

} // namespace

void run_decision(const Options& options, Decision decision, std::ostream& out) {
    const bool approve = decision == Decision::approve;
    // Refusing needs no PIN (anyone holding the phone may stop a login); approving does, and the
    // PIN is checked before anything is fetched, as the app asks for it before showing a request.
    const DeviceState state =
        approve ? unlock_with_pin(options.state_path, options.pin) : load_state(options.state_path);
    if (state.locked()) throw device_locked();
    const DeviceKey key = DeviceKey::from_pem(state.private_key_pem);
    const HttpClient http(options.ca_file);
    const DeviceApi api(http, state.issuer);
    const DeviceCredentials device{key, state.device_id};

    const PendingRequest request = wait_for_request(api, device, options);
    api.decide(device, request, decision);
    out << (approve ? "approved " : "denied ") << printable(request.id) << '\n';
}

} // namespace esc::authenticator
