#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// « Mon compte » (issue 7, Portal): every handler but the e-mail confirmation needs the SSO
// session; forms are bound to it (CSRF) and refused when posted from another site.
namespace esc::portal {
http::Response handle_account_page(http::Request& request, const Deps& deps);
// A new address gets a verify_email link; the account keeps the old one until it is followed.
http::Response handle_account_email(http::Request& request, const Deps& deps);
http::Response handle_account_email_verify_page(http::Request& request, const Deps& deps);
http::Response handle_account_email_verify_submit(http::Request& request, const Deps& deps);
http::Response handle_account_phone(http::Request& request, const Deps& deps);
// Current password checked (Argon2id: password pool); the other sessions end.
http::Response handle_account_password(http::Request& request, const Deps& deps);
// « Déconnecter » one of the account's other sessions (its tokens revoked, its RPs told).
http::Response handle_account_session_close(http::Request& request, const Deps& deps);
} // namespace esc::portal
