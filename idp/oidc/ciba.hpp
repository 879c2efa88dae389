#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// OpenID Client-Initiated Backchannel Authentication (CIBA Core 1.0), poll mode, at PSC's
// `ext/ciba/auth`: the relying party names the professional (login_hint = national id), the
// professional approves on their phone authenticator, the relying party polls the token endpoint.
namespace esc::oidc {

inline constexpr const char* kCibaGrant = "urn:openid:params:grant-type:ciba";

// POST P/ext/ciba/auth (client authentication as at the token endpoint).
http::Response handle_ciba(http::Request& request, const Deps& deps);

} // namespace esc::oidc
