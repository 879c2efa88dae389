#include "cache/token_cache.hpp"

namespace esc::cache {

std::optional<domain::VerifiedAccessToken> TokenCache::find(const std::string& token_hash, domain::UnixTime now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token_hash);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.expires_at <= now) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.token;
}

void TokenCache::put(const std::string& token_hash, const domain::VerifiedAccessToken& token,
                     domain::UnixTime expires_at) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_.insert_or_assign(token_hash, Entry{token, expires_at});
}

} // namespace esc::cache
