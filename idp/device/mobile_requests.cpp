#include "device/mobile_requests.hpp"

#include "crypto/encoding.hpp"
#include "endpoints/deps.hpp"

namespace esc::device {

std::string binding_digits() {
    auto bytes = crypto::random_bytes(4);
    std::uint32_t n = 0;
    for (unsigned char b : bytes)
        n = (n << 8) | b;
    auto text = std::to_string(n % 10000);
    return std::string(4 - text.size(), '0') + text;
}

Opened open_request(const Deps& deps, const domain::Account& account, NewMobileRequest what) {
    const auto now = deps.clock.now();
    if (deps.store.devices().devices_of(account.id).empty()) return {OpenOutcome::no_device, {}};
    const auto& m = deps.config.mobile;
    if (deps.store.throttle().hit_in_window("mobile:" + std::to_string(account.id), now, 600) >
        m.max_requests_per_window)
        return {OpenOutcome::too_many, {}};
    domain::MobileRequest r;
    r.id = crypto::random_token(16);
    r.kind = what.kind;
    r.account_id = account.id;
    r.client_id = std::move(what.client_id);
    r.service = std::move(what.service);
    r.binding_code = what.binding_code.empty() ? binding_digits() : std::move(what.binding_code);
    r.challenge = crypto::random_token(32);
    r.interaction_id = std::move(what.interaction_id);
    if (!what.auth_req_id.empty()) r.auth_req_id_hash = crypto::sha256_b64url(what.auth_req_id);
    r.scope = std::move(what.scope);
    r.created_at = now;
    r.expires_at = now + (what.lifetime > 0 ? what.lifetime : m.request_seconds);
    r.interval = m.poll_interval_seconds;
    deps.store.devices().create_request(r);
    return {OpenOutcome::opened, r};
}

} // namespace esc::device
