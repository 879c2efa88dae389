#include "domain/refresh_policy.hpp"

#include <algorithm>

namespace esc::domain {

bool is_offline_family(const Scopes& granted, const Client& client) {
    return client.allow_offline_access && has_scope(granted, "offline_access");
}

bool session_is_live(const Session& session, UnixTime now, int idle_seconds) {
    return now < session.expires_at && now - session.last_seen < idle_seconds;
}

UnixTime refresh_expiry(UnixTime now, int lifetime_seconds, const Session* session) {
    UnixTime end = now + lifetime_seconds;
    return session ? std::min(end, session->expires_at) : end;
}

} // namespace esc::domain
