#include "endpoints/interactions.hpp"

#include "crypto/encoding.hpp"
#include "domain/address_key.hpp"

namespace esc::endpoints {

namespace {
constexpr std::size_t kEntryOverhead = 1024; // map node, deque entry, parsed claims and scopes
constexpr std::size_t kMaxTrackedAddresses = 100'000;
} // namespace

std::size_t InteractionStore::estimated_bytes(const Interaction& i) {
    std::size_t n = kEntryOverhead + i.id.size() + i.session_id_hash.size();
    if (const auto& r = i.request) {
        for (const auto* s :
             {&r->client_id, &r->redirect_uri, &r->state, &r->nonce, &r->code_challenge, &r->code_challenge_method,
              &r->acr_values, &r->login_hint, &r->id_token_hint_sub, &r->ui_locales})
            n += s->size();
        n += 3 * r->claims_json.size(); // the text and its parsed form
        for (const auto& scope : r->scopes)
            n += scope.size() + 32;
    }
    return n;
}

bool InteractionStore::allow_creation(std::string_view address, domain::UnixTime now) {
    if (rates_.size() >= kMaxTrackedAddresses) {
        for (auto it = rates_.begin(); it != rates_.end();)
            it = now - it->second.window_start >= limits_.rate_window ? rates_.erase(it) : std::next(it);
        if (rates_.size() >= kMaxTrackedAddresses) rates_.clear(); // a distributed flood: start over
    }
    Rate& rate = rates_[domain::address_key(address)];
    if (now - rate.window_start >= limits_.rate_window) rate = {now, 0};
    if (rate.count >= limits_.max_per_address) return false;
    ++rate.count;
    return true;
}

void InteractionStore::erase(std::map<std::string, Stored>::iterator it) {
    bytes_ -= it->second.bytes;
    by_id_.erase(it);
}

void InteractionStore::purge_expired(domain::UnixTime now) {
    while (!by_age_.empty()) {
        const auto& [created_at, id] = by_age_.front();
        auto it = by_id_.find(id);
        const bool live = it != by_id_.end() && it->second.interaction.created_at == created_at;
        if (live && created_at + limits_.lifetime >= now) break;
        if (live) erase(it);
        by_age_.pop_front();
    }
}

std::optional<Interaction> InteractionStore::create(oidc::AuthorizationRequest request, std::string_view address,
                                                    domain::UnixTime now) {
    Interaction i;
    i.id = crypto::random_token(24);
    i.request = std::move(request);
    i.created_at = now;
    const std::size_t size = estimated_bytes(i);
    std::lock_guard lock(mutex_);
    if (!allow_creation(address, now)) return std::nullopt;
    purge_expired(now);
    // Still full of live entries: the oldest go, so memory stays within the budget.
    while (!by_age_.empty() && (by_id_.size() >= limits_.max_entries || bytes_ + size > limits_.max_bytes)) {
        auto it = by_id_.find(by_age_.front().second);
        if (it != by_id_.end() && it->second.interaction.created_at == by_age_.front().first) erase(it);
        by_age_.pop_front();
    }
    by_id_[i.id] = Stored{i, size};
    bytes_ += size;
    by_age_.emplace_back(now, i.id);
    return i;
}

std::optional<Interaction> InteractionStore::find(const std::string& id, domain::UnixTime now) {
    std::lock_guard lock(mutex_);
    purge_expired(now);
    auto it = by_id_.find(id);
    if (it == by_id_.end() || it->second.interaction.created_at + limits_.lifetime < now) return std::nullopt;
    return it->second.interaction;
}

bool InteractionStore::transition(const std::string& id, domain::InteractionState expected,
                                  domain::InteractionEvent event, domain::UnixTime now,
                                  const std::string& session_id_hash) {
    std::lock_guard lock(mutex_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return false;
    auto& interaction = it->second.interaction;
    if (domain::interaction_expired(interaction.created_at, limits_.lifetime, now)) return false;
    if (interaction.state != expected) return false;
    auto next = domain::next_state(expected, event);
    if (!next) return false;
    interaction.state = *next;
    if (*next == domain::InteractionState::authenticated) {
        interaction.authenticated_at = now;
        interaction.session_id_hash = session_id_hash;
        bytes_ += session_id_hash.size();
        it->second.bytes += session_id_hash.size();
    }
    return true;
}

void InteractionStore::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    if (auto it = by_id_.find(id); it != by_id_.end()) erase(it);
}

std::size_t InteractionStore::size() const {
    std::lock_guard lock(mutex_);
    return by_id_.size();
}

std::size_t InteractionStore::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

} // namespace esc::endpoints
