#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/time.hpp"

namespace esc::cache {

// Serialized UserInfo bodies, reused while the directory has not changed (its version counter)
// and for a few seconds at most, so an account disabled or relinked shows within that delay.
// Building the PSC claim set (joins over practices, activities, structures) is the cost of
// userinfo; the cache makes repeated calls of an RP cheap. Bounded: cleared when full.
class ClaimsCache {
public:
    explicit ClaimsCache(domain::UnixTime ttl = 10, std::size_t max_entries = 50000)
        : ttl_(ttl), max_entries_(max_entries) {}

    std::optional<std::string> find(const std::string& key, std::int64_t directory_version, domain::UnixTime now);
    void put(const std::string& key, std::int64_t directory_version, domain::UnixTime now, std::string body);

private:
    struct Entry {
        std::int64_t version;
        domain::UnixTime expires_at;
        std::string body;
    };
    domain::UnixTime ttl_;
    std::size_t max_entries_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

} // namespace esc::cache
