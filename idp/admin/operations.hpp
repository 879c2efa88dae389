#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// Operational endpoints of the admin listener (server.admin_listen): what a load balancer and a
// monitoring system read, more than a public client needs to see.
namespace esc::admin {

// GET /readyz: 200 only when the store can be read and written. A full disk or a read-only file
// fails every login and token request, so the node must leave the load balancer (503 with why).
http::Response handle_readiness(http::Request& request, const Deps& deps);
// GET /metrics: Prometheus text exposition.
http::Response handle_metrics(http::Request& request, const Deps& deps);

} // namespace esc::admin
