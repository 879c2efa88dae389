#pragma once
#include "domain/account.hpp"
#include "domain/acr.hpp"
#include "domain/interaction.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/interactions.hpp"
#include "http/form.hpp"
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
                              domain::InteractionEvent event, const std::vector<domain::LoginMethod>& methods);
// A live interaction still waiting for a login, or for a step-up too when `step_up_too`.
std::optional<endpoints::Interaction> pending_login(const Deps& deps, const std::string& id, bool step_up_too);
// The login form's CSRF check (token bound to the interaction and the browser's pre-login cookie),
// shared by every login method's form.
bool login_csrf_ok(const Deps& deps, const http::Request& request, const http::FormParams& fields,
                   const endpoints::Interaction* interaction);
// The login page of `interaction` (null: a portal login) showing `error`, for every method's handler.
http::Response login_page_with_error(const Deps& deps, const http::Request& request,
                                     const endpoints::Interaction* interaction, const std::string& error, int status);
// After a method proved `account`: a step-up of the signed-in professional when the interaction
// waits for one (same account, same session raised), else a new session.
http::Response login_with(const Deps& deps, const http::Request& request, const domain::Account& account,
                          const endpoints::Interaction* pending, domain::LoginMethod method);
// POST .../login/card: login, or step-up, by CPS card (portal/card_login.cpp).
http::Response handle_card_login(http::Request& request, const Deps& deps);
// POST .../login/mobile: sends a request to the professional's phone; .../login/mobile/check: goes on
// once it is approved (portal/mobile_login.cpp).
http::Response handle_mobile_login(http::Request& request, const Deps& deps);
http::Response handle_mobile_check(http::Request& request, const Deps& deps);
// POST .../login/ocra: shows a challenge for the CPS calculator; .../login/ocra/answer: checks the
// response the calculator computed (portal/ocra_login.cpp).
http::Response handle_ocra_login(http::Request& request, const Deps& deps);
http::Response handle_ocra_answer(http::Request& request, const Deps& deps);
// The first checks of every method's form after the password's: same-site, a live interaction
// (or none: a portal login), CSRF. The interaction, if any, in `pending`; a response when refused.
std::optional<http::Response> login_form_refused(const Deps& deps, const http::Request& request,
                                                 const http::FormParams& fields,
                                                 std::optional<endpoints::Interaction>& pending);
// The name of the service a login is for (« Portail Esculape » for a portal login).
std::string service_name_of(const Deps& deps, const endpoints::Interaction* pending);
// The page for a login form or interaction that expired or was already used.
http::Response expired(const Deps& deps);
// 403 page for a form posted from another site (web/request_origin.hpp), shared by every form.
http::Response cross_site_refused(const Deps& deps);
} // namespace esc::portal
