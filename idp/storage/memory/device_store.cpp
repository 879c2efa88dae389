#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

void MemoryDeviceStore::add_activation(const std::string& code_hash, std::int64_t account_id, domain::UnixTime,
                                       domain::UnixTime expires_at) {
    std::lock_guard lock(s_.mutex);
    s_.activations[code_hash] = {account_id, expires_at, false};
}

std::optional<domain::AuthDevice> MemoryDeviceStore::enroll(const std::string& code_hash, domain::AuthDevice device,
                                                            domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.activations.find(code_hash);
    if (it == s_.activations.end() || it->second.used || it->second.expires_at < now) return std::nullopt;
    if (s_.devices.count(device.id)) throw StorageError("memory: device id already exists");
    it->second.used = true;
    device.account_id = it->second.account_id;
    device.created_at = now;
    s_.devices[device.id] = device;
    return device;
}

std::optional<domain::AuthDevice> MemoryDeviceStore::find_device(const std::string& id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.devices.find(id);
    if (it == s_.devices.end()) return std::nullopt;
    return it->second;
}

std::vector<domain::AuthDevice> MemoryDeviceStore::devices_of(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::AuthDevice> out;
    for (const auto& [id, d] : s_.devices)
        if (d.account_id == account_id && d.revoked_at == 0) out.push_back(d);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    return out;
}

bool MemoryDeviceStore::revoke_device(const std::string& id, std::int64_t account_id, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.devices.find(id);
    if (it == s_.devices.end() || it->second.account_id != account_id || it->second.revoked_at != 0) return false;
    it->second.revoked_at = now;
    return true;
}

void MemoryDeviceStore::touch_device(const std::string& id, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.devices.find(id); it != s_.devices.end()) it->second.last_used_at = now;
}

void MemoryDeviceStore::create_request(const domain::MobileRequest& request) {
    std::lock_guard lock(s_.mutex);
    if (s_.mobile_requests.count(request.id)) throw StorageError("memory: mobile request id already exists");
    s_.mobile_requests[request.id] = request;
}

std::optional<domain::MobileRequest> MemoryDeviceStore::find_request(const std::string& id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.mobile_requests.find(id);
    if (it == s_.mobile_requests.end()) return std::nullopt;
    return it->second;
}

std::optional<domain::MobileRequest> MemoryDeviceStore::find_ciba(const std::string& auth_req_id_hash) {
    std::lock_guard lock(s_.mutex);
    for (const auto& [id, r] : s_.mobile_requests)
        if (!auth_req_id_hash.empty() && r.auth_req_id_hash == auth_req_id_hash) return r;
    return std::nullopt;
}

std::vector<domain::MobileRequest> MemoryDeviceStore::pending_for(std::int64_t account_id, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::MobileRequest> out;
    for (const auto& [id, r] : s_.mobile_requests)
        if (r.account_id == account_id && r.state == domain::MobileState::pending && r.expires_at >= now)
            out.push_back(r);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    return out;
}

bool MemoryDeviceStore::decide(const std::string& id, domain::MobileState decision, const std::string& device_id,
                               domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.mobile_requests.find(id);
    if (it == s_.mobile_requests.end() || it->second.state != domain::MobileState::pending ||
        it->second.expires_at < now)
        return false;
    it->second.state = decision;
    it->second.device_id = device_id;
    it->second.decided_at = now;
    return true;
}

domain::UnixTime MemoryDeviceStore::record_poll(const std::string& id, domain::UnixTime now, int interval) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.mobile_requests.find(id);
    if (it == s_.mobile_requests.end()) return 0;
    auto previous = it->second.polled_at;
    it->second.polled_at = now;
    it->second.interval = interval;
    return previous;
}

} // namespace esc::storage::memory
