#pragma once
#include "endpoints/deps_fwd.hpp"
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace esc::endpoints {
// The one route table: every endpoint, its methods and handler. Discovery reads it.
http::Router build_router(const Deps& deps);
// The path of a named entry of the route table ("token", "login"…), under `base_path` (the
// issuer's path) for the issuer's endpoints. std::logic_error for an unknown name.
std::string route_path(std::string_view name, const std::string& base_path);
// The discovery metadata key a route's endpoint is advertised under ("" = not advertised). The
// path table lives in route_paths.cpp.
std::string_view discovery_key_of(std::string_view name);
} // namespace esc::endpoints
