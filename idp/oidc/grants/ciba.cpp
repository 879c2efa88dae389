#include "oidc/ciba.hpp"
#include "crypto/encoding.hpp"
#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "oidc/grants/grants.hpp"

namespace esc::oidc::grants {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

// CIBA Core 1.0 §10.1 and §11 (poll mode): pending until the professional decides on the phone;
// a client polling faster than its interval is told slow_down and its interval grows by 5 s. The
// approval left a one-time grant (device/device_api.cpp) redeemed here like a code.
Outcome ciba(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
    if (!client.allows_grant(kCibaGrant)) return errors::unauthorized_client("this client may not use CIBA");
    auto id = p.get("auth_req_id");
    if (id.empty()) return errors::invalid_request("auth_req_id is missing");
    const auto hash = crypto::sha256_b64url(id);
    auto request = deps.store.devices().find_ciba(hash);
    if (!request || request->client_id != client.id) return errors::invalid_grant("auth_req_id is not valid");
    const auto now = deps.clock.now();
    switch (request->state) {
    case domain::MobileState::denied: {
        auto refused = errors::access_denied("the professional refused the request");
        refused.status = 400; // CIBA Core §11: every token endpoint error is a 400
        return refused;
    }
    case domain::MobileState::pending: {
        if (request->expires_at < now) return errors::expired_token("the request expired before it was approved");
        auto previous = deps.store.devices().record_poll(request->id, now, request->interval);
        if (previous != 0 && now - previous < request->interval) {
            deps.store.devices().record_poll(request->id, now, request->interval + 5);
            return errors::slow_down("poll at most every " + std::to_string(request->interval + 5) + " seconds");
        }
        return errors::authorization_pending("the professional has not approved the request yet");
    }
    case domain::MobileState::approved:
        break;
    }
    auto stored = deps.store.codes().find(hash);
    if (!stored) return errors::expired_token("the request expired");
    if (stored->used) {
        deps.store.tokens().revoke_issued_from_code(hash);
        return errors::invalid_grant("auth_req_id was already redeemed").with_detail("ciba replay: tokens revoked");
    }
    if (stored->expires_at < now) return errors::expired_token("the approved request was not redeemed in time");
    auto account = deps.store.accounts().find_by_id(stored->account_id);
    if (!account || account->status != domain::AccountStatus::active)
        return errors::invalid_grant("the account is no longer active");
    auto r =
        user_grant(client, *account, "", stored->auth, domain::parse_scope(stored->scope).value_or(domain::Scopes{}));
    r.family_id = hash;
    r.code_hash = hash;
    r.with_refresh_token = false; // no SSO session backs it: the relying party asks again
    auto prepared = prepare_tokens(deps, r);
    if (auto* e = std::get_if<OAuthError>(&prepared)) return *e;
    auto& tokens = std::get<PreparedTokens>(prepared);
    if (deps.store.tokens().redeem_code(hash, tokens.writes) == storage::Redemption::issued)
        return tokens.response.to_json();
    return errors::invalid_grant("auth_req_id was already redeemed");
}

} // namespace esc::oidc::grants
