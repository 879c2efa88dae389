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
    i.account_id = stored.account_id;
    i.payload = stored.payload;
    i.state = stored.state;
    return i;
}

} // namespace

std::optional<Interaction> InteractionStore::create(oidc::AuthorizationRequest request, std::string_view address,
                                                    domain::UnixTime now) {
    auto i =
        store_new(oidc::to_json(request), domain::InteractionState::awaiting_login, limits_.lifetime, address, now);
    if (i) i->request = std::move(request);
    return i;
}

std::optional<Interaction> InteractionStore::create_portal(std::string_view address, domain::UnixTime now) {
    return store_new("", domain::InteractionState::awaiting_login, limits_.lifetime, address, now);
}

std::optional<Interaction> InteractionStore::create_registration(std::string payload, std::string_view address,
                                                                 domain::UnixTime now, domain::UnixTime lifetime) {
    return store_new(std::move(payload), domain::InteractionState::registering, lifetime, address, now);
}

std::optional<Interaction> InteractionStore::store_new(std::string payload, domain::InteractionState state,
                                                       domain::UnixTime lifetime, std::string_view address,
                                                       domain::UnixTime now) {
    if (store_.throttle().hit_in_window("interactions:" + domain::address_key(address), now, limits_.rate_window) >
        limits_.max_per_address)
        return std::nullopt;
    storage::StoredInteraction stored;
    stored.id = crypto::random_token(24);
    stored.payload = std::move(payload);
    stored.state = state;
    stored.created_at = now;
    stored.expires_at = now + lifetime;
    store_.interactions().create(stored);
    return from_stored(stored);
}

std::optional<Interaction> InteractionStore::find(const std::string& id, domain::UnixTime now) {
    auto stored = store_.interactions().find(id, now);
    if (!stored) return std::nullopt;
    Interaction i = from_stored(*stored);
    // A portal login has no request to resume; a registration's payload is its draft.
    if (stored->payload.empty() || stored->state == domain::InteractionState::registering ||
        stored->state == domain::InteractionState::awaiting_email_proof)
        return i;
    i.request = oidc::authorization_request_from_json(stored->payload);
    if (!i.request) return std::nullopt; // unreadable (written by another version): as if gone
    return i;
}

bool InteractionStore::transition(const std::string& id, domain::InteractionState expected,
                                  domain::InteractionEvent event, domain::UnixTime now,
                                  const std::string& session_id_hash, std::int64_t account_id) {
    auto next = domain::next_state(expected, event);
    if (!next) return false;
    return store_.interactions().transition(id, expected, *next, now, session_id_hash, account_id);
}

void InteractionStore::remove(const std::string& id) {
    store_.interactions().remove(id);
}

std::int64_t InteractionStore::enforce_bound() {
    return store_.interactions().trim_oldest(limits_.max_entries);
}

} // namespace esc::endpoints
