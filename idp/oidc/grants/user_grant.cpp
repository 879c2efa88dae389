#include "domain/refresh_policy.hpp"
#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "oidc/grants/grants.hpp"

namespace esc::oidc::grants {

// What every user grant issues from: the client, the account and the stored grant context.
IssueRequest user_grant(const domain::Client& client, const domain::Account& account, const std::string& sid,
                        const domain::AuthContext& auth, const domain::Scopes& scopes) {
    IssueRequest r;
    r.client = &client;
    r.account = &account;
    r.sid = sid;
    r.auth = auth;
    r.scopes = scopes;
    r.with_id_token = domain::has_scope(scopes, "openid");
    return r;
}

// The SSO session a refresh family depends on (refresh_policy.hpp). Sets the refresh expiry cap;
// false when the session is gone and the family is not offline.
bool bind_to_session(const Deps& deps, const domain::Client& client, IssueRequest& r) {
    if (domain::is_offline_family(r.scopes, client)) return true; // OIDC Core §11: outlives the session
    auto session = deps.store.sessions().find_by_sid(r.sid);
    auto now = deps.clock.now();
    if (!session || !domain::session_is_live(*session, now, deps.config.session.idle_seconds)) return false;
    r.refresh_expires_at = domain::refresh_expiry(now, deps.config.tokens.refresh_token_seconds, &*session);
    // The relying party's use of the session is activity, as a page of the provider would be
    // (same 30 s granularity as touch_session).
    if (now - session->last_seen >= 30) deps.store.sessions().touch(session->id_hash, now);
    return true;
}

} // namespace esc::oidc::grants
