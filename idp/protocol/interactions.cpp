#include "protocol/interactions.hpp"

#include "crypto/encoding.hpp"

namespace esc::protocol {

Interaction InteractionStore::create(std::optional<AuthorizationRequest> request, domain::UnixTime now) {
    Interaction i;
    i.id = crypto::random_token(24);
    i.request = std::move(request);
    i.created_at = now;
    std::lock_guard lock(mutex_);
    evict(now);
    by_id_[i.id] = i;
    return i;
}

std::optional<Interaction> InteractionStore::find(const std::string& id, domain::UnixTime now) {
    std::lock_guard lock(mutex_);
    auto it = by_id_.find(id);
    if (it == by_id_.end() || it->second.created_at + lifetime_ < now) return std::nullopt;
    return it->second;
}

void InteractionStore::complete(const std::string& id, const std::string& session_id_hash, domain::UnixTime now) {
    std::lock_guard lock(mutex_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    it->second.authenticated_at = now;
    it->second.session_id_hash = session_id_hash;
}

void InteractionStore::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    by_id_.erase(id);
}

void InteractionStore::evict(domain::UnixTime now) {
    if (by_id_.size() < max_entries_) return;
    for (auto it = by_id_.begin(); it != by_id_.end();)
        it = it->second.created_at + lifetime_ < now ? by_id_.erase(it) : std::next(it);
    // Still full of live entries: drop the oldest so an attacker cannot grow memory without bound.
    while (by_id_.size() >= max_entries_) {
        auto oldest = by_id_.begin();
        for (auto it = by_id_.begin(); it != by_id_.end(); ++it)
            if (it->second.created_at < oldest->second.created_at) oldest = it;
        by_id_.erase(oldest);
    }
}

} // namespace esc::protocol
