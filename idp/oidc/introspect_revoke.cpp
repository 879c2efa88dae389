#include "oidc/introspect_revoke.hpp"

#include "crypto/encoding.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "oidc/access_token.hpp"
#include "oidc/client_auth.hpp"
#include "oidc/subject.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;

namespace {

struct Authenticated {
    const domain::Client* client = nullptr;
    http::FormParams params;
};

std::variant<Authenticated, domain::OAuthError> authenticate(const Deps& deps, const http::Request& request) {
    auto params = http::parse_form(request.body);
    if (!params) return errors::invalid_request("the body is not correctly URL-encoded");
    auto authenticated = authenticate_client(deps, request, *params);
    if (auto* e = std::get_if<domain::OAuthError>(&authenticated)) return *e;
    const auto* client = &std::get<const ClientRegistry::Entry*>(authenticated)->client;
    // Public clients cannot keep a secret, so they may not probe tokens (RFC 7662 §2.1).
    if (client->is_public()) return errors::invalid_client("public clients may not use this endpoint");
    if (!params->has("token")) return errors::invalid_request("token is missing");
    return Authenticated{client, std::move(*params)};
}

nlohmann::json inactive() {
    return nlohmann::json{{"active", false}};
}

nlohmann::json introspect_access(const Deps& deps, const VerifiedAccessToken& at) {
    nlohmann::json out = at.claims;
    out["active"] = true;
    out["client_id"] = at.client_id;
    out["token_type"] = "Bearer";
    if (at.claims.contains("preferred_username")) {
        out["username"] = at.claims["preferred_username"];
        out["SubjectNameID"] = at.claims["preferred_username"];
    }
    return out;
}

// RFC 7662 §4: the server decides who may learn about a token. A client learns about the tokens
// issued to it; a client registered as a resource server (`resource_server`) also about access
// tokens presented to it by others. Anything else is answered as inactive, as an unknown token.
bool may_introspect_access(const domain::Client& caller, const VerifiedAccessToken& at) {
    return at.client_id == caller.id || caller.resource_server;
}

// Refresh tokens never travel to resource servers: only the client they were issued to may ask.
nlohmann::json introspect_refresh(const Deps& deps, const domain::Client& caller, const std::string& token) {
    auto stored = deps.store.tokens().find_refresh(crypto::sha256_b64url(token));
    if (!stored || stored->used || stored->revoked || stored->expires_at <= deps.clock.now()) return inactive();
    if (stored->client_id != caller.id) return inactive();
    nlohmann::json out{{"active", true},         {"client_id", stored->client_id}, {"token_type", "Refresh"},
                       {"scope", stored->scope}, {"exp", stored->expires_at},      {"iat", stored->issued_at},
                       {"sid", stored->sid},     {"iss", deps.endpoints.issuer}};
    if (auto account = deps.store.accounts().find_by_id(stored->account_id)) {
        out["sub"] = subject_of(deps, *account);
        out["username"] = account->national_id.empty() ? account->login : account->national_id;
    }
    return out;
}

} // namespace

http::Response handle_introspect(http::Request& request, const Deps& deps) {
    auto auth = authenticate(deps, request);
    if (auto* e = std::get_if<domain::OAuthError>(&auth)) return endpoints::token_error(*e);
    auto& a = std::get<Authenticated>(auth);
    auto token = a.params.get("token");
    // A JWT has two dots; our refresh tokens have none: the hint is only an optimisation (§2.1).
    if (std::count(token.begin(), token.end(), '.') == 2) {
        auto verified = verify_access_token(deps, token);
        auto* at = std::get_if<VerifiedAccessToken>(&verified);
        if (at && may_introspect_access(*a.client, *at))
            return endpoints::json_no_store(200, introspect_access(deps, *at));
        return endpoints::json_no_store(200, inactive());
    }
    return endpoints::json_no_store(200, introspect_refresh(deps, *a.client, token));
}

http::Response handle_revoke(http::Request& request, const Deps& deps) {
    auto auth = authenticate(deps, request);
    if (auto* e = std::get_if<domain::OAuthError>(&auth)) return endpoints::token_error(*e);
    auto& a = std::get<Authenticated>(auth);
    auto token = a.params.get("token");
    auto hint = a.params.get("token_type_hint");
    if (!hint.empty() && hint != "access_token" && hint != "refresh_token")
        return endpoints::token_error(
            errors::unsupported_token_type("token_type_hint must be access_token or refresh_token"));
    if (std::count(token.begin(), token.end(), '.') == 2) {
        auto verified = verify_access_token(deps, token);
        if (auto* at = std::get_if<VerifiedAccessToken>(&verified)) {
            // RFC 7009 §2.1: a client may only revoke its own tokens.
            if (at->client_id != a.client->id)
                return endpoints::token_error(errors::unauthorized_client("not your token"));
            deps.store.tokens().revoke_access_token(at->jti, at->claims.value("exp", 0LL));
        }
    } else if (auto stored = deps.store.tokens().find_refresh(crypto::sha256_b64url(token))) {
        if (stored->client_id != a.client->id)
            return endpoints::token_error(errors::unauthorized_client("not your token"));
        // §2.1: revoking a refresh token also invalidates the access tokens of the same grant.
        deps.store.tokens().revoke_family(stored->family_id);
    }
    // §2.2: 200 whether or not the token was known.
    auto r = http::Response::json(200, "{}");
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::oidc
