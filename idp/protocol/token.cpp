#include "protocol/token.hpp"

#include "crypto/encoding.hpp"
#include "crypto/token_seal.hpp"
#include "domain/pkce.hpp"
#include "domain/refresh_policy.hpp"
#include "protocol/client_auth.hpp"
#include "protocol/deps.hpp"
#include "protocol/respond.hpp"
#include "protocol/token_issuer.hpp"

namespace esc::protocol {

namespace errors = domain::oauth_errors;
using domain::OAuthError;
// A grant's answer: the serialized token response, or an error.
using Outcome = std::variant<std::string, OAuthError>;

namespace {

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

// RFC 6749 §4.1.3 / §4.1.4, with RFC 9700 §4.5's rule that a replayed code revokes what it issued.
// The code is only redeemed, in one transaction with the tokens, once every check has passed.
Outcome grant_authorization_code(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
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

// RFC 6749 §6 with rotation; presenting a rotated token again is theft (RFC 9700 §4.14.2).
Outcome grant_refresh_token(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
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

// RFC 6749 §4.4: the client acting on its own behalf.
Outcome grant_client_credentials(const Deps& deps, const domain::Client& client, const http::FormParams& p) {
    if (client.is_public() || !client.allows_grant("client_credentials"))
        return errors::unauthorized_client("client_credentials is not allowed for this client");
    auto asked = domain::parse_scope(p.get("scope"));
    if (!asked) return errors::invalid_scope("scope contains invalid characters");
    auto scopes = domain::grantable_scopes(*asked, client);
    std::erase(scopes, std::string("openid")); // no end-user: no OpenID Connect
    IssueRequest r;
    r.client = &client;
    r.scopes = scopes;
    auto prepared = prepare_tokens(deps, r);
    if (auto* e = std::get_if<OAuthError>(&prepared)) return *e;
    return std::get<PreparedTokens>(prepared).response.to_json(); // nothing to store: no family
}

} // namespace

http::Response handle_token(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.body);
    if (!params) return token_error(errors::invalid_request("the body is not correctly URL-encoded"));
    auto dup = params->first_duplicate();
    if (!dup.empty()) return token_error(errors::invalid_request("parameter " + dup + " is repeated"));
    auto authenticated = authenticate_client(deps, request, *params);
    if (auto* e = std::get_if<OAuthError>(&authenticated)) return token_error(*e);
    const auto& client = std::get<const ClientRegistry::Entry*>(authenticated)->client;

    auto grant = params->get("grant_type");
    Outcome outcome = errors::unsupported_grant_type("unsupported grant_type");
    if (grant.empty())
        outcome = errors::invalid_request("grant_type is missing");
    else if (grant == "authorization_code")
        outcome = grant_authorization_code(deps, client, *params);
    else if (grant == "refresh_token")
        outcome = grant_refresh_token(deps, client, *params);
    else if (grant == "client_credentials")
        outcome = grant_client_credentials(deps, client, *params);
    if (auto* e = std::get_if<OAuthError>(&outcome)) return token_error(*e);
    deps.metrics.count_token(grant);
    auto r = http::Response::json(200, std::move(std::get<std::string>(outcome)));
    r.set("Cache-Control", "no-store");
    r.set("Pragma", "no-cache");
    return r;
}

} // namespace esc::protocol
