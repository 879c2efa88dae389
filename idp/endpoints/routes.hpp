#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/router.hpp"

namespace esc::endpoints {
// The one route table: every endpoint, its methods and handler. Discovery reads it.
http::Router build_router(const Deps& deps);
} // namespace esc::endpoints
