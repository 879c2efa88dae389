#include "oidc/access_token.hpp"

#include "cache/token_cache.hpp"
#include "crypto/encoding.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/service_access.hpp"
#include "oidc/subject.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;

namespace {
// Revoked tokens, and a professional's token for a service they may no longer use (a referent
// revoked the access: it stops at the next use, not at the token's expiry). A service without
// access policy costs nothing here; a client's own token (client_credentials) has no professional.
std::variant<VerifiedAccessToken, domain::OAuthError> check_revocation(const Deps& deps, VerifiedAccessToken token) {
    if (deps.store.tokens().is_access_token_revoked(token.jti))
        return errors::invalid_token("the access token was revoked");
    const auto* entry = deps.clients.find(token.client_id);
    if (entry && token.sub != token.client_id &&
        (entry->client.requires_approval || entry->client.eligibility.restricts())) {
        auto account = account_of_subject(deps, token.sub);
        if (!account || endpoints::access_to(deps, *account, entry->client) != domain::ServiceAccess::allowed)
            return errors::invalid_token("the professional no longer has access to this service");
    }
    return token;
}
} // namespace

std::variant<VerifiedAccessToken, domain::OAuthError> verify_access_token(const Deps& deps, std::string_view token) {
    std::string token_hash;
    if (deps.token_cache) {
        token_hash = crypto::sha256(token);
        if (auto hit = deps.token_cache->find(token_hash, deps.clock.now()))
            return check_revocation(deps, std::move(*hit));
    }
    auto verified = crypto::verify_jws(token, deps.keys.lookup(), {crypto::Alg::RS256, crypto::Alg::ES256});
    if (!verified)
        return errors::invalid_token("the access token is not valid")
            .with_detail(crypto::jws_error_text(verified.error));
    auto claims = nlohmann::json::parse(verified.value->payload_json, nullptr, false);
    if (!claims.is_object()) return errors::invalid_token("the access token is not valid");
    if (claims.value("typ", "") != "Bearer" || claims.value("iss", "") != deps.endpoints.issuer)
        return errors::invalid_token("the access token is not valid");
    if (!claims.contains("exp") || !claims["exp"].is_number() || claims["exp"].get<long long>() <= deps.clock.now())
        return errors::invalid_token("the access token has expired");
    VerifiedAccessToken out;
    out.jti = claims.value("jti", "");
    out.sub = claims.value("sub", "");
    out.client_id = claims.value("azp", "");
    out.scope = claims.value("scope", "");
    if (out.jti.empty() || out.sub.empty()) return errors::invalid_token("the access token is not valid");
    auto exp = claims["exp"].get<long long>();
    out.claims = std::move(claims);
    if (deps.token_cache) deps.token_cache->put(token_hash, out, exp);
    return check_revocation(deps, std::move(out));
}

} // namespace esc::oidc
