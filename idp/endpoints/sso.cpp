#include "endpoints/sso.hpp"
#include "oidc/backchannel_logout.hpp"

#include "crypto/encoding.hpp"
#include "endpoints/deps.hpp"
#include "http/cookies.hpp"

namespace esc::endpoints {

namespace {

std::optional<domain::Session> session_of_cookie(const Deps& deps, const http::Request& request) {
    std::string value = http::cookie_value(request.header("Cookie"), kSessionCookie);
    if (value.empty() || value.size() > 128) return std::nullopt;
    return deps.store.sessions().find(crypto::sha256_b64url(value));
}

} // namespace

std::optional<ActiveSession> current_session(const Deps& deps, const http::Request& request) {
    auto session = session_of_cookie(deps, request);
    if (!session) return std::nullopt;
    auto now = deps.clock.now();
    if (now >= session->expires_at || now - session->last_seen >= deps.config.session.idle_seconds) return std::nullopt;
    auto account = deps.store.accounts().find_by_id(session->account_id);
    if (!account || account->status != domain::AccountStatus::active) return std::nullopt;
    return ActiveSession{std::move(*session), std::move(*account)};
}

void touch_session(const Deps& deps, const domain::Session& session) {
    auto now = deps.clock.now();
    // A write per request would cost more than it buys: idle time is measured in minutes.
    if (now - session.last_seen >= 30) deps.store.sessions().touch(session.id_hash, now);
}

NewSession open_session(const Deps& deps, const domain::Account& account, const domain::AuthContext& auth) {
    std::string value = crypto::random_token(32);
    auto now = deps.clock.now();
    domain::Session s;
    s.id_hash = crypto::sha256_b64url(value);
    s.sid = crypto::random_token(16);
    s.account_id = account.id;
    s.auth = auth;
    s.created_at = now;
    s.last_seen = now;
    s.expires_at = now + deps.config.session.absolute_seconds;
    deps.store.sessions().create(s);
    http::CookieOptions options;
    options.max_age = deps.config.session.absolute_seconds;
    return {std::move(s), http::set_cookie(kSessionCookie, value, options)};
}

std::optional<std::string> raise_session(const Deps& deps, const domain::Session& session,
                                         const domain::AuthContext& auth, std::string& new_id_hash) {
    std::string value = crypto::random_token(32);
    new_id_hash = crypto::sha256_b64url(value);
    if (!deps.store.sessions().raise_assurance(session.id_hash, new_id_hash, auth)) return std::nullopt;
    http::CookieOptions options;
    options.max_age = std::max<domain::UnixTime>(session.expires_at - deps.clock.now(), 1);
    return http::set_cookie(kSessionCookie, value, options);
}

std::string clearing_cookie() {
    http::CookieOptions options;
    options.max_age = 0;
    return http::set_cookie(kSessionCookie, "", options);
}

std::string close_session(const Deps& deps, const domain::Session& session) {
    // Every relying party the session signed into hears of its end (OIDC Back-Channel Logout).
    oidc::queue_backchannel_logouts(deps, session);
    deps.store.tokens().revoke_session(session.sid);
    deps.store.sessions().remove(session.id_hash);
    return clearing_cookie();
}

void close_browser_session(const Deps& deps, const http::Request& request) {
    if (auto previous = session_of_cookie(deps, request)) close_session(deps, *previous);
}

} // namespace esc::endpoints
