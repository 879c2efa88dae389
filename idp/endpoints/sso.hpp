#pragma once
#include "endpoints/deps_fwd.hpp"
#include <optional>
#include <string>

#include "domain/account.hpp"
#include "domain/grants.hpp"
#include "http/message.hpp"

namespace esc::endpoints {

struct ActiveSession {
    domain::Session session;
    domain::Account account;
};

// The browser's SSO session, if its cookie names a live one (absolute and idle lifetimes,
// account still active). Does not extend it: see touch_session.
std::optional<ActiveSession> current_session(const Deps& deps, const http::Request& request);
// Slides the idle deadline after a use of the session.
void touch_session(const Deps& deps, const domain::Session& session);

struct NewSession {
    domain::Session session;
    std::string set_cookie; // Set-Cookie header value
};
NewSession open_session(const Deps& deps, const domain::Account& account, const domain::AuthContext& auth);
// Step-up: the session's level raised to `auth` under a new cookie (same sid); the Set-Cookie, or
// nullopt when the session is gone.
std::optional<std::string> raise_session(const Deps& deps, const domain::Session& session,
                                         const domain::AuthContext& auth, std::string& new_id_hash);
// Removes the session and revokes every token issued under it; returns the clearing Set-Cookie.
std::string close_session(const Deps& deps, const domain::Session& session);
std::string clearing_cookie();
// Closes the session the browser's cookie names, live or not (idle, expired, account disabled):
// a new login replacing it must not leave its refresh tokens usable. No-op without a cookie.
void close_browser_session(const Deps& deps, const http::Request& request);

} // namespace esc::endpoints
