#pragma once
#include "endpoints/deps_fwd.hpp"
#include <string>

#include "http/router.hpp"

namespace esc::oidc {
// OpenID Provider Metadata (OIDC Discovery §3, RFC 8414): derived from the route table and the
// configuration, so it only advertises endpoints that exist and features that work.
std::string discovery_document(const Deps& deps, const http::Router& router);
} // namespace esc::oidc
