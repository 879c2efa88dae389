#pragma once
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/territory.hpp"

namespace esc::domain {

enum class ClientType { confidential, public_ };

// OIDC Dynamic Client Registration §2 `application_type`: a native app (desktop, mobile) gets the
// RFC 8252 §7.3 loopback any-port relaxation; a web client never does.
enum class ApplicationType { web, native };

// How a client proves its identity at the token, introspection and revocation endpoints.
enum class ClientAuthMethod { client_secret_basic, client_secret_post, private_key_jwt, none };

// A relying party, as declared in the configuration (conf/idp.toml or conf/clients/*.toml).
struct Client {
    std::string id;
    std::string name; // shown on pages
    ClientType type = ClientType::confidential;
    ApplicationType application_type = ApplicationType::web;
    ClientAuthMethod auth_method = ClientAuthMethod::client_secret_basic;
    std::string secret_hash;                // SHA-256 of the secret, base64url; secrets are high-entropy
    std::string jwks_json;                  // public keys for private_key_jwt (a JWKS document)
    std::vector<std::string> redirect_uris; // compared exactly (RFC 9700 §4.1.3)
    std::vector<std::string> post_logout_redirect_uris;
    std::vector<std::string> grant_types;     // authorization_code, refresh_token, client_credentials
    std::vector<std::string> scopes;          // scopes the client may obtain; empty = the server's default set
    bool require_pkce = false;                // always true for public clients
    bool allow_plain_pkce = false;            // opt-in for legacy clients
    bool echo_requested_acr = false;          // PSC quirk: answer acr = requested acr_values
    std::string userinfo_signed_response_alg; // "" = JSON, "RS256"/"ES256" = application/jwt
    // Resolved at load time: the client's own setting, else tokens.default_alg.
    std::string id_token_signed_response_alg;
    std::string access_token_signed_response_alg;
    bool allow_offline_access = false; // may be granted offline_access: its refresh tokens outlive the session
    int refresh_reuse_grace = 0;       // seconds a rotated refresh token still gets the same answer (0 = strict)
    bool allow_token_endpoint_audience = false; // private_key_jwt compat: aud may be the token endpoint URL
    bool resource_server = false;               // may introspect access tokens issued to other clients (RFC 7662 §4)
    bool legacy_sub = false;                    // PSC legacy sub form f:<uuid>:<idNat>
    std::string front_name;                     // tile label in the portal
    std::string front_url;                      // tile link in the portal
    // Access policy (issue 7 portal, issue 9 workflow): open to any professional with an account, or
    // only once a referent accepted the professional's request (shown in the portal's carousel until then).
    bool requires_approval = false;
    // Who may use it at all (access = "restricted" lists them; with "approval", who may ask).
    Eligibility eligibility;
    // The referents declared with the service ([[referents]] in its file); the console adds others.
    std::vector<Referent> referents;
    std::string description; // shown in the portal's carousel and the console's catalogue
    AccessPolicy access_policy() const { return requires_approval ? AccessPolicy::approval : AccessPolicy::open; }
    // The lowest assurance level the service accepts ("" = any): a weaker session is stepped up
    // (issue 8), e.g. secure messaging refuses a password-only login.
    std::string min_acr;
    // OpenID Connect Back-Channel Logout 1.0: where logout tokens are POSTed when the professional
    // logs out everywhere; "" = not notified.
    std::string backchannel_logout_uri;

    bool is_public() const { return type == ClientType::public_; }
    bool is_native() const { return application_type == ApplicationType::native; }
    bool allows_grant(const std::string& g) const {
        for (const auto& x : grant_types)
            if (x == g) return true;
        return false;
    }
};

} // namespace esc::domain
