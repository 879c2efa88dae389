#include "cache/claims_cache.hpp"

namespace esc::cache {

std::optional<std::string> ClaimsCache::find(const std::string& key, std::int64_t version, domain::UnixTime now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.version != version || it->second.expires_at <= now) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.body;
}

void ClaimsCache::put(const std::string& key, std::int64_t version, domain::UnixTime now, std::string body) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_[key] = Entry{version, now + ttl_, std::move(body)};
}

} // namespace esc::cache
