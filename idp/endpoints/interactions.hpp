#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/interaction.hpp"
#include "domain/time.hpp"
#include "oidc/authorization_request.hpp"

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
    domain::InteractionState state = domain::InteractionState::awaiting_login; // domain/interaction.hpp
};

// Anonymous callers create interactions, so the store is bounded three ways: a lifetime after
// which entries are purged (not only when the store is full), a count and byte budget past which
// the oldest entries go, and a creation rate per client address (IPv6 per /64) so that one
// address cannot push everybody else's pending logins out.
struct InteractionLimits {
    domain::UnixTime lifetime = 1800;
    std::size_t max_entries = 100'000;
    std::size_t max_bytes = 64u << 20; // estimated memory of the stored requests
    std::size_t max_per_address = 300; // creations per address per rate window
    domain::UnixTime rate_window = 60;
};

class InteractionStore {
public:
    explicit InteractionStore(InteractionLimits limits = {}) : limits_(limits) {}

    // nullopt when `address` has created max_per_address interactions in the current window.
    std::optional<Interaction> create(oidc::AuthorizationRequest request, std::string_view address,
                                      domain::UnixTime now);
    std::optional<Interaction> find(const std::string& id, domain::UnixTime now);
    // Applies `event` if the interaction is still in `expected` (compare-and-set: of two concurrent
    // callers, one wins); false when unknown, expired, in another state, or the table refuses it.
    // A transition to `authenticated` records the session that the login opened.
    bool transition(const std::string& id, domain::InteractionState expected, domain::InteractionEvent event,
                    domain::UnixTime now, const std::string& session_id_hash = "");
    void remove(const std::string& id);

    std::size_t size() const;
    std::size_t bytes() const;

    // Rough memory of one entry: its strings plus a fixed overhead per entry.
    static std::size_t estimated_bytes(const Interaction& interaction);

private:
    struct Stored {
        Interaction interaction;
        std::size_t bytes = 0;
    };
    struct Rate {
        domain::UnixTime window_start = 0;
        std::size_t count = 0;
    };

    bool allow_creation(std::string_view address, domain::UnixTime now);
    void purge_expired(domain::UnixTime now);
    void erase(std::map<std::string, Stored>::iterator it);

    InteractionLimits limits_;
    mutable std::mutex mutex_;
    std::map<std::string, Stored> by_id_;
    std::deque<std::pair<domain::UnixTime, std::string>> by_age_; // creation order; may name removed ids
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, Rate> rates_;
};

} // namespace esc::endpoints
