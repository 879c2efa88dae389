#pragma once
#include "domain/account.hpp"
#include "domain/interaction.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/interactions.hpp"
#include "http/message.hpp"

namespace esc::portal {
// GET .../login: the login page of an interaction (or a new portal login).
http::Response handle_login_page(http::Request& request, const Deps& deps);
// POST .../login: password check (Argon2id, on the blocking pool), throttled, CSRF-protected.
http::Response handle_login_submit(http::Request& request, const Deps& deps);
// Once the account is proven (and its password current): a new session, `event` applied to the
// interaction (compare-and-set from `expected`), and the browser sent on to the service or the portal.
http::Response complete_login(const Deps& deps, const http::Request& request, const domain::Account& account,
                              const endpoints::Interaction* interaction, domain::InteractionState expected,
                              domain::InteractionEvent event);
// The page for a login form or interaction that expired or was already used.
http::Response expired(const Deps& deps);
// 403 page for a form posted from another site (web/request_origin.hpp), shared by every form.
http::Response cross_site_refused(const Deps& deps);
} // namespace esc::portal
