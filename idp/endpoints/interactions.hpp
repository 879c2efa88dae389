#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/interaction.hpp"
#include "domain/time.hpp"
#include "oidc/authorization_request.hpp"
#include "storage/store.hpp"

namespace esc::endpoints {

// A login in progress: the validated authorization request waiting for the professional to
// authenticate. The id travels in the login URL and form; the form's CSRF token binds it to the
// browser's pre-login cookie (web/browser_binding.hpp). A portal login stores none.
struct Interaction {
    std::string id;
    std::optional<oidc::AuthorizationRequest> request;
    domain::UnixTime created_at = 0;
    domain::UnixTime authenticated_at = 0; // set once the login succeeded: spent for the login form
    std::string session_id_hash;           // the session created by that login
    std::int64_t account_id = 0;           // whose password must change (awaiting_password_change)
    std::string payload; // a registration's draft (states registering, awaiting_email_proof); else the request
    domain::InteractionState state = domain::InteractionState::awaiting_login; // domain/interaction.hpp
};

// Anonymous callers create interactions, so they are bounded three ways: a lifetime after which
// they are gone (and purged), a creation rate per client address (IPv6 per /64, counted in the
// store so the limit holds across nodes) so that one address cannot push everybody else's pending
// logins out, and a count the janitor trims the oldest down to. Between two janitor runs (60 s)
// at most max_per_address creations per address and window can exceed that count. The size of
// each is bounded by authorize's own limits (domain/authorization_limits.hpp).
struct InteractionLimits {
    domain::UnixTime lifetime = 1800;
    std::int64_t max_entries = 100'000;
    std::int64_t max_per_address = 300; // creations per address per rate window
    domain::UnixTime rate_window = 60;
};

// Interactions as the endpoints use them, kept in the store (storage::InteractionStore): shared by
// every node, and a restart loses none. Transitions follow the state table of
// domain/interaction.hpp and are applied with the store's compare-and-set.
class InteractionStore {
public:
    explicit InteractionStore(storage::Store& store, InteractionLimits limits = {}) : store_(store), limits_(limits) {}

    // nullopt when `address` has created max_per_address interactions in the current window.
    std::optional<Interaction> create(oidc::AuthorizationRequest request, std::string_view address,
                                      domain::UnixTime now);
    // A login of the portal itself (no relying party), stored only once it needs a further step
    // (a password change); same limits.
    std::optional<Interaction> create_portal(std::string_view address, domain::UnixTime now);
    // A registration wizard (state registering), its draft as payload, alive for `lifetime`.
    std::optional<Interaction> create_registration(std::string payload, std::string_view address, domain::UnixTime now,
                                                   domain::UnixTime lifetime);
    // nullopt when unknown, expired, or its stored request cannot be read back.
    std::optional<Interaction> find(const std::string& id, domain::UnixTime now);
    // Applies `event` if the interaction is still in `expected` (compare-and-set: of two concurrent
    // callers, on one node or two, one wins); false when unknown, expired, in another state, or the
    // table refuses it. A transition to `authenticated` records the session that the login opened.
    bool transition(const std::string& id, domain::InteractionState expected, domain::InteractionEvent event,
                    domain::UnixTime now, const std::string& session_id_hash = "", std::int64_t account_id = 0);
    void remove(const std::string& id);
    // Janitor: trims the oldest interactions down to max_entries; returns how many went.
    std::int64_t enforce_bound();

    const InteractionLimits& limits() const { return limits_; }

private:
    std::optional<Interaction> store_new(std::string payload, domain::InteractionState state, domain::UnixTime lifetime,
                                         std::string_view address, domain::UnixTime now);

    storage::Store& store_;
    InteractionLimits limits_;
};

} // namespace esc::endpoints
