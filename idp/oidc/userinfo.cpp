#include "oidc/userinfo.hpp"

#include "domain/claims_request.hpp"
#include "domain/psc_claims.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "oidc/access_token.hpp"
#include "oidc/subject.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;

namespace {

// RFC 6750 §2.1 (header) and §2.2 (form body); one method only (§2).
std::variant<std::string, domain::OAuthError> bearer_token(const http::Request& request) {
    auto authz = request.header("Authorization");
    std::string from_header;
    if (!authz.empty()) {
        if (authz.size() <= 7 || !http::iequals(authz.substr(0, 7), "Bearer "))
            return errors::invalid_request("use the Bearer authentication scheme");
        from_header = std::string(authz.substr(7));
    }
    std::string from_body;
    if (request.method == "POST" && !request.body.empty()) {
        auto form = http::parse_form(request.body);
        if (form) from_body = form->get("access_token");
    }
    if (!from_header.empty() && !from_body.empty()) return errors::invalid_request("send the token only once");
    if (from_header.empty() && from_body.empty()) {
        auto e = errors::invalid_token("");
        e.code = "invalid_request"; // RFC 6750 §3.1: no error details when no token was sent
        e.status = 401;
        return e;
    }
    return from_header.empty() ? from_body : from_header;
}

} // namespace

http::Response handle_userinfo(http::Request& request, const Deps& deps) {
    auto token = bearer_token(request);
    if (auto* e = std::get_if<domain::OAuthError>(&token)) return endpoints::bearer_error(*e);
    auto verified = verify_access_token(deps, std::get<std::string>(token));
    if (auto* e = std::get_if<domain::OAuthError>(&verified)) return endpoints::bearer_error(*e);
    auto& at = std::get<VerifiedAccessToken>(verified);
    auto scopes = domain::parse_scope(at.scope).value_or(domain::Scopes{});
    if (!domain::has_scope(scopes, "openid"))
        return endpoints::bearer_error(
            errors::insufficient_scope("the access token was not issued for OpenID Connect"));
    const auto* client = deps.clients.find(at.client_id);
    const auto& alg = client ? client->client.userinfo_signed_response_alg : std::string();
    // The `claims` request of the grant (OIDC Core §5.5) travels with the access token's record.
    auto claims_json = deps.store.tokens().access_token_claims(at.jti);
    // Every answer, cached or not, re-reads what another node may have changed: the revocation
    // record (verify_access_token), the account's state and the directory's version. The cache
    // spares only the building of the claim set, so no node serves a stale answer (docs/endpoints.md).
    auto account = account_of_subject(deps, at.sub);
    if (!client || !account || account->status != domain::AccountStatus::active)
        return endpoints::bearer_error(errors::invalid_token("the access token's subject is no longer valid"));
    // The account's fields the claim set shows are in the key: an e-mail changed by another node
    // misses the cache instead of showing the old one.
    std::string cache_key = at.sub + '\n' + at.scope + '\n' + at.claims.value("authMode", "") + '\n' +
                            at.claims.value("acr", "") + '\n' + claims_json + '\n' + account->login + '\n' +
                            account->national_id + '\n' + account->email + (account->email_verified ? "\n1" : "\n0");
    std::int64_t version = 0;
    if (deps.userinfo_cache && alg.empty()) {
        version = deps.store.directory().version();
        if (auto body = deps.userinfo_cache->find(cache_key, version, deps.clock.now())) {
            auto r = http::Response::json(200, std::move(*body));
            r.set("Cache-Control", "no-store");
            return r;
        }
    }
    std::optional<domain::Professional> professional;
    if (!account->national_id.empty()) professional = deps.store.directory().find_professional(account->national_id);
    domain::UserInfoOptions options;
    options.subject = at.sub;
    options.scopes = scopes;
    options.auth_mode = at.claims.value("authMode", "");
    options.acr = at.claims.value("acr", "");
    auto requested = domain::parse_claims_request(claims_json);
    if (auto* c = std::get_if<domain::ClaimsRequest>(&requested)) {
        options.requested_claims = c->userinfo_names();
        options.obtainable_scopes = domain::client_obtainable_scopes(client->client);
    }
    auto claims = domain::build_userinfo(professional ? &*professional : nullptr, *account, options);

    if (!alg.empty()) {
        // OIDC Core §5.3.2: a signed response carries iss and aud.
        claims["iss"] = deps.endpoints.issuer;
        claims["aud"] = client->client.id;
        auto key = deps.keys.signer(crypto::parse_alg(alg).value_or(crypto::Alg::RS256));
        if (!key) return endpoints::bearer_error(errors::server_error("no signing key for userinfo"));
        http::Response r;
        r.body = crypto::sign_jws(*key, claims.dump(), "JWT");
        r.set("Content-Type", "application/jwt");
        r.set("Cache-Control", "no-store");
        return r;
    }
    auto response = endpoints::json_no_store(200, claims);
    if (deps.userinfo_cache) deps.userinfo_cache->put(cache_key, version, deps.clock.now(), response.body);
    return response;
}

} // namespace esc::oidc
