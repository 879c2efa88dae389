#include "crypto/encoding.hpp"
#include "domain/claims_request.hpp"
#include "domain/pkce.hpp"
#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "oidc/grants/grants.hpp"

namespace esc::oidc::grants {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

// RFC 6749 §4.1.3 / §4.1.4, with RFC 9700 §4.5's rule that a replayed code revokes what it issued.
// The code is only redeemed, in one transaction with the tokens, once every check has passed.
Outcome authorization_code(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
    auto code = p.get("code");
    if (code.empty()) return errors::invalid_request("code is missing");
    auto code_hash = crypto::sha256_b64url(code);
    auto stored = deps.store.codes().find(code_hash);
    if (!stored) return errors::invalid_grant("the authorization code is not valid");
    if (stored->used) {
        deps.store.tokens().revoke_issued_from_code(code_hash);
        return errors::invalid_grant("the authorization code was already used")
            .with_detail("code replay: tokens revoked");
    }
    if (stored->client_id != client.id)
        return errors::invalid_grant("the authorization code was issued to another client");
    if (stored->expires_at <= deps.clock.now()) return errors::invalid_grant("the authorization code has expired");
    if (stored->redirect_uri != p.get("redirect_uri"))
        return errors::invalid_grant("redirect_uri does not match the authorization request");
    auto verifier = p.get("code_verifier");
    if (!domain::verify_pkce(stored->code_challenge, stored->code_challenge_method, verifier,
                             crypto::sha256_b64url(verifier)))
        return errors::invalid_grant("PKCE verification failed");
    auto account = deps.store.accounts().find_by_id(stored->account_id);
    if (!account || account->status != domain::AccountStatus::active)
        return errors::invalid_grant("the account is no longer active");
    auto scopes = domain::parse_scope(stored->scope).value_or(domain::Scopes{});
    auto claims = domain::parse_claims_request(stored->claims_json);
    auto r = user_grant(client, *account, stored->sid, stored->auth, scopes);
    r.nonce = stored->nonce;
    r.acr_requested = stored->acr_requested;
    if (auto* c = std::get_if<domain::ClaimsRequest>(&claims)) r.claims = *c;
    r.claims_json = stored->claims_json;
    r.family_id = code_hash;
    r.code_hash = code_hash;
    r.with_refresh_token = client.allows_grant("refresh_token");
    if (!bind_to_session(deps, client, r)) return errors::invalid_grant("the session of this code has ended");
    auto prepared = prepare_tokens(deps, r);
    if (auto* e = std::get_if<OAuthError>(&prepared)) return *e;
    auto& tokens = std::get<PreparedTokens>(prepared);
    switch (deps.store.tokens().redeem_code(code_hash, tokens.writes)) {
    case storage::Redemption::issued:
        return tokens.response.to_json();
    case storage::Redemption::replayed:
        return errors::invalid_grant("the authorization code was already used").with_detail("concurrent code replay");
    case storage::Redemption::unknown:
        break;
    }
    return errors::invalid_grant("the authorization code is not valid");
}

} // namespace esc::oidc::grants
