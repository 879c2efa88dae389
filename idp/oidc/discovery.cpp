#include "oidc/discovery.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "domain/psc_claims.hpp"
#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "oidc/ciba.hpp"

namespace esc::oidc {

std::string discovery_document(const Deps& deps, const http::Router& router) {
    const auto& e = deps.endpoints;
    nlohmann::json d;
    d["issuer"] = e.issuer;
    // Every endpoint the route table advertises, at the issuer's origin plus its path.
    const std::string origin = e.issuer.substr(0, e.issuer.size() - e.base_path.size());
    for (const auto& route : router.routes())
        if (!route.discovery_key.empty()) d[route.discovery_key] = origin + route.path;
    const auto& algs = deps.config.tokens.signing_algs;
    d["response_types_supported"] = {"code"};
    d["response_modes_supported"] = {"query", "form_post"};
    d["grant_types_supported"] = {"authorization_code", "refresh_token", "client_credentials"};
    if (deps.config.mobile.enabled) {
        // OpenID CIBA Core 1.0 §4: poll mode only (no notification endpoint of the client is called).
        d["grant_types_supported"].push_back(kCibaGrant);
        d["backchannel_token_delivery_modes_supported"] = {"poll"};
        d["backchannel_user_code_parameter_supported"] = false;
    }
    d["subject_types_supported"] = {"public"};
    d["id_token_signing_alg_values_supported"] = algs;
    d["userinfo_signing_alg_values_supported"] = algs;
    bool any_plain_pkce = false, any_offline = false;
    for (const auto& c : deps.config.clients) {
        any_plain_pkce = any_plain_pkce || c.allow_plain_pkce;
        any_offline = any_offline || c.allow_offline_access;
    }
    // Discovery advertises only what some client can actually use (psc-profile.md "Endpoints").
    d["scopes_supported"] = domain::advertised_scopes(any_offline);
    nlohmann::json claims = {
        "sub",   "iss",           "aud", "exp",        "iat",  "auth_time",  "nonce",       "acr",
        "amr",   "sid",           "azp", "auth_level", "name", "given_name", "family_name", "preferred_username",
        "email", "email_verified"};
    for (const auto& c : domain::psc_claim_names())
        if (std::find(claims.begin(), claims.end(), c) == claims.end()) claims.push_back(c);
    d["claims_supported"] = claims;
    d["claim_types_supported"] = {"normal"};
    d["claims_parameter_supported"] = true;
    // OpenID Connect Back-Channel Logout 1.0 §2.1: logout tokens always carry sid.
    d["backchannel_logout_supported"] = true;
    d["backchannel_logout_session_supported"] = true;
    d["request_parameter_supported"] = false;
    d["request_uri_parameter_supported"] = false;
    d["require_request_uri_registration"] = false;
    // The levels the offered login methods reach, alone or with a password (a session steps up to
    // them), lowest first.
    std::set<std::string> levels;
    for (auto m : deps.login_methods)
        for (const auto& with : {std::vector<domain::LoginMethod>{m}, {m, domain::LoginMethod::password}})
            if (int level = domain::level_of(with, deps.acr); level > 0) levels.insert("eidas" + std::to_string(level));
    d["acr_values_supported"] = levels;
    d["prompt_values_supported"] = {"none", "login", "consent", "select_account"};
    // RFC 7636 §4.2: S256 always; plain only when a client is registered with allow_plain_pkce.
    d["code_challenge_methods_supported"] = any_plain_pkce ? nlohmann::json{"S256", "plain"} : nlohmann::json{"S256"};
    d["token_endpoint_auth_methods_supported"] = {"client_secret_basic", "client_secret_post", "private_key_jwt",
                                                  "none"};
    d["token_endpoint_auth_signing_alg_values_supported"] = algs;
    d["introspection_endpoint_auth_methods_supported"] = {"client_secret_basic", "client_secret_post",
                                                          "private_key_jwt"};
    d["introspection_endpoint_auth_signing_alg_values_supported"] = algs;
    d["revocation_endpoint_auth_methods_supported"] = {"client_secret_basic", "client_secret_post", "private_key_jwt"};
    d["revocation_endpoint_auth_signing_alg_values_supported"] = algs;
    d["authorization_response_iss_parameter_supported"] = true;
    d["ui_locales_supported"] = {"fr-FR"};
    return d.dump();
}

} // namespace esc::oidc
