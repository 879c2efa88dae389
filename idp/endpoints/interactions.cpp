#include "endpoints/interactions.hpp"

#include "crypto/encoding.hpp"
#include "domain/address_key.hpp"
#include "oidc/authorization_request_json.hpp"

namespace esc::endpoints {

namespace {

Interaction from_stored(const storage::StoredInteraction& stored) {
    Interaction i;
    i.id = stored.id;
    i.created_at = stored.created_at;
    i.authenticated_at = stored.authenticated_at;
    i.session_id_hash = stored.session_id_hash;
    i.state = stored.state;
    return i;
}

} // namespace

std::optional<Interaction> InteractionStore::create(oidc::AuthorizationRequest request, std::string_view address,
                                                    domain::UnixTime now) {
    const domain::UnixTime window = std::max<domain::UnixTime>(limits_.rate_window, 1);
    const domain::UnixTime window_start = now - now % window;
    if (store_.throttle().hit("interactions:" + domain::address_key(address), window_start, window_start + window) >
        limits_.max_per_address)
        return std::nullopt;
    storage::StoredInteraction stored;
    stored.id = crypto::random_token(24);
    stored.payload = oidc::to_json(request);
    stored.created_at = now;
    stored.expires_at = now + limits_.lifetime;
    store_.interactions().create(stored);
    Interaction i = from_stored(stored);
    i.request = std::move(request);
    return i;
}

std::optional<Interaction> InteractionStore::find(const std::string& id, domain::UnixTime now) {
    auto stored = store_.interactions().find(id, now);
    if (!stored) return std::nullopt;
    Interaction i = from_stored(*stored);
    i.request = oidc::authorization_request_from_json(stored->payload);
    if (!i.request) return std::nullopt; // unreadable (written by another version): as if gone
    return i;
}

bool InteractionStore::transition(const std::string& id, domain::InteractionState expected,
                                  domain::InteractionEvent event, domain::UnixTime now,
                                  const std::string& session_id_hash) {
    auto next = domain::next_state(expected, event);
    if (!next) return false;
    return store_.interactions().transition(id, expected, *next, now, session_id_hash);
}

void InteractionStore::remove(const std::string& id) {
    store_.interactions().remove(id);
}

std::int64_t InteractionStore::enforce_bound() {
    return store_.interactions().trim_oldest(limits_.max_entries);
}

} // namespace esc::endpoints
