#include "oidc/token_issuer.hpp"

#include "crypto/encoding.hpp"
#include "domain/acr.hpp"
#include "domain/psc_claims.hpp"
#include "domain/token_claims.hpp"
#include "endpoints/deps.hpp"
#include "oidc/subject.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;

namespace {

std::shared_ptr<crypto::PrivateKey> signer_for(const Deps& deps, const std::string& wanted) {
    auto alg = crypto::parse_alg(wanted.empty() ? deps.config.tokens.default_alg : wanted);
    if (!alg) alg = crypto::Alg::RS256;
    return deps.keys.signer(*alg);
}

// OIDC Core §3.1.3.6: left half of the SHA-256 of the access token (RS256 and ES256 both use SHA-256).
std::string at_hash_of(const std::string& access_token) {
    return crypto::base64url_encode(crypto::sha256(access_token).substr(0, 16));
}

} // namespace

namespace {
void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            static const char* kHex = "0123456789abcdef";
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}
} // namespace

std::string TokenResponse::to_json() const {
    std::string out;
    out.reserve(access_token.size() + id_token.size() + refresh_token.size() + 256);
    out += "{\"access_token\":";
    append_json_string(out, access_token);
    out += ",\"token_type\":\"Bearer\",\"expires_in\":" + std::to_string(expires_in);
    out += ",\"scope\":";
    append_json_string(out, scope);
    out += ",\"not-before-policy\":0";
    if (!session_state.empty()) {
        out += ",\"session_state\":";
        append_json_string(out, session_state);
    }
    if (!refresh_token.empty()) {
        out += ",\"refresh_token\":";
        append_json_string(out, refresh_token);
        out += ",\"refresh_expires_in\":" + std::to_string(refresh_expires_in);
    }
    if (!id_token.empty()) {
        out += ",\"id_token\":";
        append_json_string(out, id_token);
    }
    out.push_back('}');
    return out;
}

std::variant<PreparedTokens, domain::OAuthError> prepare_tokens(const Deps& deps, const IssueRequest& r) {
    const auto& client = *r.client;
    auto now = deps.clock.now();
    const auto& tc = deps.config.tokens;
    auto access_key = signer_for(deps, client.access_token_signed_response_alg);
    if (!access_key) return errors::server_error("no active signing key for the access token algorithm");

    // The directory is read only when the ID token must carry identity claims (`claims`
    // parameter): otherIds derive from the national id alone, and this is the hot path of logins.
    std::optional<domain::Professional> professional;
    bool identity_in_id_token = r.with_id_token && !r.claims.id_token.empty();
    if (r.account && !r.account->national_id.empty() && identity_in_id_token)
        professional = deps.store.directory().find_professional(r.account->national_id);
    std::string acr =
        domain::acr_to_emit(r.auth.acr, domain::make_acr_request(r.acr_requested, r.claims), client.echo_requested_acr);

    domain::AccessTokenInput at;
    at.issuer = deps.endpoints.issuer;
    at.subject = r.account ? subject_for(deps, *r.account, client) : client.id;
    at.client_id = client.id;
    at.scope = domain::join_scopes(r.scopes);
    at.jti = crypto::random_token(16);
    at.sid = r.sid;
    at.acr = r.account ? acr : "";
    at.auth = r.auth;
    at.issued_at = now;
    at.expires_at = now + tc.access_token_seconds;
    if (r.account) {
        at.preferred_username = r.account->national_id.empty() ? r.account->login : r.account->national_id;
        at.other_ids = domain::other_ids(professional ? &*professional : nullptr, *r.account);
    }
    std::string access_token = crypto::sign_jws(*access_key, domain::build_access_token_claims(at).dump(), "JWT");
    PreparedTokens out;
    if (!r.family_id.empty())
        out.writes.access = domain::IssuedAccessToken{at.jti, client.id, r.family_id, at.expires_at, r.claims_json};

    TokenResponse& body = out.response;
    body.access_token = access_token;
    body.expires_in = tc.access_token_seconds;
    body.scope = at.scope;
    body.session_state = r.sid;

    if (r.with_refresh_token) {
        std::string refresh = crypto::random_token(32);
        domain::RefreshToken rt;
        rt.token_hash = crypto::sha256_b64url(refresh);
        rt.family_id = r.family_id;
        rt.client_id = client.id;
        rt.account_id = r.account ? r.account->id : 0;
        rt.sid = r.sid;
        rt.scope = at.scope;
        rt.code_hash = r.code_hash;
        rt.auth = r.auth;
        rt.claims_json = r.claims_json;
        rt.issued_at = now;
        rt.expires_at = r.refresh_expires_at ? r.refresh_expires_at : now + tc.refresh_token_seconds;
        body.refresh_token = refresh;
        body.refresh_expires_in = rt.expires_at - now;
        out.writes.refresh = std::move(rt);
    }

    if (r.with_id_token && r.account) {
        auto id_key = signer_for(deps, client.id_token_signed_response_alg);
        if (!id_key) return errors::server_error("no active signing key for the ID token algorithm");
        domain::IdTokenInput it;
        it.issuer = deps.endpoints.issuer;
        it.subject = at.subject;
        it.client_id = client.id;
        it.nonce = r.nonce;
        it.sid = r.sid;
        it.acr = acr;
        it.at_hash = at_hash_of(access_token);
        it.auth = r.auth;
        it.issued_at = now;
        it.expires_at = now + tc.id_token_seconds;
        if (identity_in_id_token)
            it.identity = domain::build_identity_claims(professional ? &*professional : nullptr, *r.account,
                                                        r.auth.auth_mode, acr);
        // OIDC Core §5.5: a claim requested individually is released when the client could have
        // obtained a scope covering it, not only when that scope was granted this time.
        it.scopes = domain::client_obtainable_scopes(client);
        it.requested_claims = r.claims.id_token_names();
        auto claims = domain::build_id_token_claims(it);
        claims["typ"] = "ID"; // as Keycloak: lets an id_token_hint be told apart from an access token
        body.id_token = crypto::sign_jws(*id_key, claims.dump(), "JWT");
    }
    return out;
}

} // namespace esc::oidc
