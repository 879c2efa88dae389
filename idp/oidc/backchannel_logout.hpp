#pragma once
#include "domain/grants.hpp"
#include "endpoints/deps_fwd.hpp"

namespace esc::oidc {

// OpenID Connect Back-Channel Logout 1.0: queues a signed logout token for every relying party
// this session signed into that has a backchannel_logout_uri (the delivery thread POSTs them,
// backchannel/logout_sender.hpp). Called when an SSO session ends (endpoints::close_session).
// Returns how many were queued.
int queue_backchannel_logouts(const Deps& deps, const domain::Session& session);

} // namespace esc::oidc
