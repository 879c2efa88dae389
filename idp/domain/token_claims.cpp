#include "domain/token_claims.hpp"

#include "domain/acr.hpp"
#include "domain/psc_claims.hpp"

namespace esc::domain {

namespace {

using Json = nlohmann::json;

void set_if_not_empty(Json& out, const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
}

} // namespace

Json build_access_token_claims(const AccessTokenInput& in) {
    Json out = Json::object();
    out["iss"] = in.issuer;
    out["sub"] = in.subject;
    set_if_not_empty(out, "aud", in.audience);
    out["exp"] = in.expires_at;
    out["iat"] = in.issued_at;
    out["auth_time"] = in.auth.auth_time;
    out["jti"] = in.jti;
    out["typ"] = "Bearer";
    out["azp"] = in.client_id;
    out["client_id"] = in.client_id;
    out["scope"] = in.scope;
    set_if_not_empty(out, "sid", in.sid);
    set_if_not_empty(out, "session_state", in.sid);
    set_if_not_empty(out, "acr", in.acr);
    out["authMode"] = in.auth.auth_mode;
    out["preferred_username"] = in.preferred_username;
    out["otherIds"] = in.other_ids.is_array() ? in.other_ids : Json::array();
    if (!in.cnf_x5t_s256.empty()) out["cnf"] = {{"x5t#S256", in.cnf_x5t_s256}};
    return out;
}

Json build_id_token_claims(const IdTokenInput& in) {
    Json out = select_requested_claims(in.identity, in.scopes, in.requested_claims);
    out["iss"] = in.issuer;
    out["sub"] = in.subject;
    out["aud"] = in.client_id;
    out["azp"] = in.client_id;
    out["exp"] = in.expires_at;
    out["iat"] = in.issued_at;
    out["auth_time"] = in.auth.auth_time;
    set_if_not_empty(out, "nonce", in.nonce);
    out["acr"] = in.acr.empty() ? in.auth.acr : in.acr; // psc-profile.md: acr is always in the ID token
    out["amr"] = in.auth.amr;
    set_if_not_empty(out, "sid", in.sid);
    set_if_not_empty(out, "at_hash", in.at_hash);
    out["authMode"] = in.auth.auth_mode;
    out["auth_level"] = auth_level(in.auth);
    return out;
}

} // namespace esc::domain
