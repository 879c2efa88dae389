#pragma once
#include "domain/client.hpp"
#include "domain/grants.hpp"
#include "domain/scope.hpp"
#include "domain/time.hpp"

// How long a refresh family may live (psc-profile.md "Tokens": refresh 30 min, SSO session 4 h
// absolute / 30 min idle). A refresh token is the SSO session seen by a relying party: rotating
// it must not extend the session, so every refresh token ends with its session at the latest,
// and none is honoured once the session is gone (expired, idle or logged out). Only a granted
// `offline_access` (OIDC Core §11), for a client allowed it, detaches the family from the session.
namespace esc::domain {

// The family may outlive the session: offline_access granted and still allowed to the client.
bool is_offline_family(const Scopes& granted, const Client& client);

// A session that still backs tokens: before its absolute end and not idle for idle_seconds.
bool session_is_live(const Session& session, UnixTime now, int idle_seconds);

// Expiry of a refresh token issued now: now + lifetime, capped at the session's absolute end
// unless the family is offline. `session` is null when the family is offline.
UnixTime refresh_expiry(UnixTime now, int lifetime_seconds, const Session* session);

} // namespace esc::domain
