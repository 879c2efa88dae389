#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "domain/time.hpp"
#include "protocol/authorization_request.hpp"

namespace esc::protocol {

// A login in progress: the validated authorization request waiting for the professional to
// authenticate (or none, for a login started from the portal). The id travels in the login URL
// and form and is the CSRF binding. Kept in memory with a short lifetime and a size cap.
struct Interaction {
    std::string id;
    std::optional<AuthorizationRequest> request; // empty: portal login
    domain::UnixTime created_at = 0;
    domain::UnixTime authenticated_at = 0;       // set once the login succeeded
    std::string session_id_hash;                 // the session created by that login
};

class InteractionStore {
public:
    explicit InteractionStore(domain::UnixTime lifetime = 1800, std::size_t max_entries = 100000)
        : lifetime_(lifetime), max_entries_(max_entries) {}

    Interaction create(std::optional<AuthorizationRequest> request, domain::UnixTime now);
    std::optional<Interaction> find(const std::string& id, domain::UnixTime now);
    void complete(const std::string& id, const std::string& session_id_hash, domain::UnixTime now);
    void remove(const std::string& id);

private:
    void evict(domain::UnixTime now);

    domain::UnixTime lifetime_;
    std::size_t max_entries_;
    std::mutex mutex_;
    std::map<std::string, Interaction> by_id_;
};

} // namespace esc::protocol
