#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::portal {
// GET /account/passkeys: the professional's passkeys and the form that registers one.
http::Response handle_passkeys_page(http::Request& request, const Deps& deps);
// POST /account/passkeys: register (the browser's attestation, `none`, after an eidas2+ login) or
// revoke a passkey.
http::Response handle_passkeys_submit(http::Request& request, const Deps& deps);
// POST .../login/passkey: login, or step-up, by passkey (portal/passkey_login.cpp).
http::Response handle_passkey_login(http::Request& request, const Deps& deps);
} // namespace esc::portal
