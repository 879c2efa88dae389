#include <algorithm>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

// Oldest first (insertion order breaks ties on created_at), so the newest key of an algorithm
// is the last one.
std::vector<StoredKey> MemoryKeyStore::all() {
    std::lock_guard lock(s_.mutex);
    std::vector<StoredKey> keys = s_.keys;
    std::stable_sort(keys.begin(), keys.end(),
                     [](const StoredKey& a, const StoredKey& b) { return a.created_at < b.created_at; });
    return keys;
}

void MemoryKeyStore::add(const StoredKey& key) {
    std::lock_guard lock(s_.mutex);
    for (const auto& k : s_.keys)
        if (k.kid == key.kid) throw StorageError("memory: signing key " + key.kid + " already exists");
    s_.keys.push_back(key);
}

void MemoryKeyStore::retire_others(const std::string& alg, const std::string& keep_kid, domain::UnixTime now,
                                   domain::UnixTime publish_until) {
    std::lock_guard lock(s_.mutex);
    for (auto& k : s_.keys)
        if (k.alg == alg && k.kid != keep_kid && k.retired_at == 0) {
            k.retired_at = now;
            k.publish_until = publish_until;
        }
}

bool MemoryKeyStore::replace_private(const std::string& kid, const std::string& private_pem) {
    std::lock_guard lock(s_.mutex);
    for (auto& k : s_.keys)
        if (k.kid == kid) {
            k.private_pem = private_pem;
            return true;
        }
    return false;
}

bool MemoryReplayStore::remember_once(const std::string& key, domain::UnixTime expires_at) {
    std::lock_guard lock(s_.mutex);
    return s_.replay_values.emplace(key, expires_at).second;
}

} // namespace esc::storage::memory
