#include <algorithm>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

void MemoryInteractionStore::create(const StoredInteraction& interaction) {
    std::lock_guard lock(s_.mutex);
    if (!s_.interactions.emplace(interaction.id, interaction).second)
        throw StorageError("memory: interaction id already exists");
}

std::optional<StoredInteraction> MemoryInteractionStore::find(const std::string& id, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.interactions.find(id);
    if (it == s_.interactions.end() || it->second.expires_at < now) return std::nullopt;
    return it->second;
}

bool MemoryInteractionStore::transition(const std::string& id, domain::InteractionState expected,
                                        domain::InteractionState next, domain::UnixTime now,
                                        const std::string& session_id_hash, std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.interactions.find(id);
    if (it == s_.interactions.end() || it->second.expires_at < now || it->second.state != expected) return false;
    it->second.state = next;
    if (account_id != 0) it->second.account_id = account_id;
    if (next == domain::InteractionState::authenticated) {
        it->second.authenticated_at = now;
        it->second.session_id_hash = session_id_hash;
    }
    return true;
}

bool MemoryInteractionStore::update(const std::string& id, domain::InteractionState expected,
                                    const std::string& payload, domain::UnixTime expires_at, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.interactions.find(id);
    if (it == s_.interactions.end() || it->second.expires_at < now || it->second.state != expected) return false;
    it->second.payload = payload;
    it->second.expires_at = expires_at;
    return true;
}

void MemoryInteractionStore::remove(const std::string& id) {
    std::lock_guard lock(s_.mutex);
    s_.interactions.erase(id);
}

std::int64_t MemoryInteractionStore::count(domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    return std::count_if(s_.interactions.begin(), s_.interactions.end(),
                         [&](const auto& entry) { return entry.second.expires_at >= now; });
}

std::int64_t MemoryInteractionStore::trim_oldest(std::int64_t keep) {
    std::lock_guard lock(s_.mutex);
    const auto total = static_cast<std::int64_t>(s_.interactions.size());
    if (total <= keep) return 0;
    std::vector<std::pair<domain::UnixTime, std::string>> by_age;
    for (const auto& [id, i] : s_.interactions)
        by_age.emplace_back(i.created_at, id);
    std::sort(by_age.begin(), by_age.end());
    const auto excess = total - std::max<std::int64_t>(keep, 0);
    for (std::int64_t n = 0; n < excess; ++n)
        s_.interactions.erase(by_age[static_cast<std::size_t>(n)].second);
    return excess;
}

std::vector<domain::UnixTime> MemoryThrottleStore::add_failure(const std::string& key, domain::UnixTime at,
                                                               domain::UnixTime forget_until, std::size_t keep,
                                                               domain::UnixTime expires_at) {
    std::lock_guard lock(s_.mutex);
    auto& history = s_.failures[key];
    std::erase_if(history.failures, [&](domain::UnixTime t) { return t <= forget_until; });
    history.failures.push_back(at);
    if (history.failures.size() > keep)
        history.failures.erase(history.failures.begin(), history.failures.end() - static_cast<std::ptrdiff_t>(keep));
    history.expires_at = std::max(history.expires_at, expires_at);
    return history.failures;
}

std::vector<domain::UnixTime> MemoryThrottleStore::failures(const std::string& key) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.failures.find(key);
    return it == s_.failures.end() ? std::vector<domain::UnixTime>{} : it->second.failures;
}

void MemoryThrottleStore::clear_failures(const std::string& key) {
    std::lock_guard lock(s_.mutex);
    s_.failures.erase(key);
}

std::int64_t MemoryThrottleStore::hit(const std::string& key, domain::UnixTime window_start,
                                      domain::UnixTime expires_at) {
    std::lock_guard lock(s_.mutex);
    auto [it, inserted] = s_.rates.try_emplace(key, RateWindow{window_start, 0, expires_at});
    auto& rate = it->second;
    if (rate.window_start < window_start) rate = {window_start, 0, expires_at};
    return ++rate.hits;
}

} // namespace esc::storage::memory
