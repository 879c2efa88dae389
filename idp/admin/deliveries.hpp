#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// What left the idp, for the operators (admin listener only, until the administrators' console of
// issue 9 shows it): the mail outbox and the back-channel logout queue, newest first, with each
// item's state, attempts and last error. Never the bodies: mails carry single-use links.
namespace esc::admin {
// GET /deliveries?state=pending|sent|failed&limit=N (default 100, at most 1000): JSON.
http::Response handle_deliveries(http::Request& request, const Deps& deps);
} // namespace esc::admin
