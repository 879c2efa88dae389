#pragma once
#include "http/router.hpp"

namespace esc::protocol {
struct Deps;
// The one route table: every endpoint, its methods and handler. Discovery reads it.
http::Router build_router(const Deps& deps);
} // namespace esc::protocol
