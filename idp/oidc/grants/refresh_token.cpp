#include "crypto/encoding.hpp"
#include "crypto/token_seal.hpp"
#include "domain/claims_request.hpp"
#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/service_access.hpp"
#include "oidc/grants/grants.hpp"

namespace esc::oidc::grants {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

namespace {

// A rotated refresh token presented again. Within the client's grace interval (concurrent
// requests of one RP, RFC 9700 §4.14.2) it gets the answer already given for it, which only the
// holder of that token can unseal; otherwise it is theft: the whole family is revoked.
Outcome refresh_reused(const Deps& deps, const domain::Client& client, const domain::RefreshToken& stored,
                       const std::string& token) {
    if (client.refresh_reuse_grace > 0 && !stored.revoked && !stored.grace_response.empty() &&
        deps.clock.now() < stored.grace_until) {
        if (auto body = crypto::open_with_secret(token, stored.grace_response, stored.token_hash)) return *body;
    }
    deps.store.tokens().revoke_family(stored.family_id);
    return errors::invalid_grant("the refresh token was already used").with_detail("refresh reuse: family revoked");
}

// Signs the new tokens and rotates in one transaction; the sealed answer is kept for the grace
// interval so that a concurrent request with the same token gets it (refresh_reused).
Outcome rotate(const Deps& deps, const domain::Client& client, const std::string& token, const IssueRequest& r) {
    auto hash = crypto::sha256_b64url(token);
    auto prepared = prepare_tokens(deps, r);
    if (auto* e = std::get_if<OAuthError>(&prepared)) return *e;
    auto& tokens = std::get<PreparedTokens>(prepared);
    std::string body = tokens.response.to_json();
    if (client.refresh_reuse_grace > 0) {
        tokens.writes.grace_response = crypto::seal_with_secret(token, body, hash);
        tokens.writes.grace_until = deps.clock.now() + client.refresh_reuse_grace;
    }
    switch (deps.store.tokens().rotate_refresh(hash, tokens.writes)) {
    case storage::Redemption::issued:
        return body;
    case storage::Redemption::replayed: {
        // A concurrent request rotated it first: what it wrote decides (grace answer or reuse).
        auto now_stored = deps.store.tokens().find_refresh(hash);
        if (now_stored) return refresh_reused(deps, client, *now_stored, token);
        break;
    }
    case storage::Redemption::unknown:
        break;
    }
    return errors::invalid_grant("the refresh token is not valid");
}

} // namespace

// RFC 6749 §6 with rotation; presenting a rotated token again is theft (RFC 9700 §4.14.2).
Outcome refresh_token(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
    if (!client.allows_grant("refresh_token")) return errors::unauthorized_client("refresh_token is not allowed");
    auto token = p.get("refresh_token");
    if (token.empty()) return errors::invalid_request("refresh_token is missing");
    auto hash = crypto::sha256_b64url(token);
    auto stored = deps.store.tokens().find_refresh(hash);
    if (!stored || stored->client_id != client.id) return errors::invalid_grant("the refresh token is not valid");
    if (stored->revoked) return errors::invalid_grant("the refresh token was revoked");
    if (stored->used) return refresh_reused(deps, client, *stored, token);
    if (stored->expires_at <= deps.clock.now()) return errors::invalid_grant("the refresh token has expired");
    auto granted = domain::parse_scope(stored->scope).value_or(domain::Scopes{});
    auto scopes = granted;
    if (p.has("scope")) {
        auto asked = domain::parse_scope(p.get("scope"));
        if (!asked || !domain::is_subset(*asked, granted))
            return errors::invalid_scope("the requested scope exceeds the original grant");
        scopes = *asked;
    }
    auto account = deps.store.accounts().find_by_id(stored->account_id);
    if (!account || account->status != domain::AccountStatus::active) {
        deps.store.tokens().revoke_family(stored->family_id);
        return errors::invalid_grant("the account is no longer active");
    }
    // A referent revoked the access (or the service's policy changed): the family ends here.
    if (endpoints::access_to(deps, *account, client) != domain::ServiceAccess::allowed) {
        deps.store.tokens().revoke_family(stored->family_id);
        return errors::invalid_grant("the professional no longer has access to this service");
    }
    auto r = user_grant(client, *account, stored->sid, stored->auth, scopes);
    // Offline or not is decided on the family's grant, not on a narrowed request.
    r.scopes = granted;
    if (!bind_to_session(deps, client, r)) return errors::invalid_grant("the session of this refresh token has ended");
    r.scopes = scopes;
    r.with_id_token = domain::has_scope(scopes, "openid");
    auto claims = domain::parse_claims_request(stored->claims_json);
    if (auto* c = std::get_if<domain::ClaimsRequest>(&claims)) r.claims = *c;
    r.claims_json = stored->claims_json;
    r.family_id = stored->family_id;
    r.code_hash = stored->code_hash;
    r.with_refresh_token = true;
    return rotate(deps, client, token, r);
}

} // namespace esc::oidc::grants
