#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "domain/acr.hpp"
#include "domain/psc_claims.hpp"
#include "domain/token_claims.hpp"

using namespace esc::domain;
using Json = nlohmann::json;

namespace {
std::set<std::string> keys_of(const Json& object) {
    std::set<std::string> out;
    for (const auto& [k, v] : object.items())
        out.insert(k);
    return out;
}

AccessTokenInput access_input() {
    AccessTokenInput in;
    in.issuer = "https://idp.example.fr/auth/realms/esculape";
    in.subject = "810001234567";
    in.client_id = "dmp-rp";
    in.scope = "openid scope_all";
    in.jti = "jti-1";
    in.sid = "sid-1";
    in.acr = "eidas1";
    in.auth = make_auth_context({LoginMethod::card}, 1'700'000'000, AcrMapping{});
    in.issued_at = 1'700'000'010;
    in.expires_at = 1'700'000'130;
    in.preferred_username = "810001234567";
    in.other_ids = Json::parse(R"([{"identifiant":"10001234567","origine":"RPPS","qualite":1}])");
    return in;
}
} // namespace

TEST_CASE("access-token claims (psc-profile.md Tokens)", "[unit]") {
    auto claims = build_access_token_claims(access_input());
    CHECK(keys_of(claims) == std::set<std::string>{"iss", "sub", "exp", "iat", "jti", "azp", "client_id", "scope",
                                                   "sid", "session_state", "acr", "auth_time", "authMode",
                                                   "preferred_username", "otherIds", "typ"});
    CHECK(claims.at("iss") == "https://idp.example.fr/auth/realms/esculape");
    CHECK(claims.at("exp") == 1'700'000'130);
    CHECK(claims.at("iat") == 1'700'000'010);
    CHECK(claims.at("auth_time") == 1'700'000'000);
    CHECK(claims.at("azp") == "dmp-rp");
    CHECK(claims.at("session_state") == "sid-1");
    CHECK(claims.at("acr") == "eidas1");
    CHECK(claims.at("authMode") == "CARD");
    CHECK(claims.at("otherIds")[0].at("origine") == "RPPS");
    CHECK(claims.at("typ") == "Bearer");

    auto in = access_input();
    in.audience = "https://api.example.fr";
    in.cnf_x5t_s256 = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2";
    in.sid.clear();
    auto bound = build_access_token_claims(in);
    CHECK(bound.at("aud") == "https://api.example.fr"); // a string, never an array
    CHECK(bound.at("cnf").at("x5t#S256") == "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2");
    CHECK_FALSE(bound.contains("sid"));
    CHECK_FALSE(bound.contains("session_state"));
}

TEST_CASE("ID-token claims (psc-profile.md Tokens)", "[unit]") {
    IdTokenInput in;
    in.issuer = "https://idp.example.fr/auth/realms/esculape";
    in.subject = "810001234567";
    in.client_id = "dmp-rp";
    in.nonce = "n-0S6_WzA2Mj";
    in.sid = "sid-1";
    in.acr = "eidas1"; // echoed
    in.auth = make_auth_context({LoginMethod::card}, 1'700'000'000, AcrMapping{});
    in.issued_at = 1'700'000'010;
    in.expires_at = 1'700'000'310;

    auto claims = build_id_token_claims(in);
    CHECK(keys_of(claims) == std::set<std::string>{"iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce",
                                                   "acr", "amr", "sid", "authMode", "auth_level"});
    CHECK(claims.at("aud") == "dmp-rp");
    CHECK(claims.at("aud").is_string());
    CHECK(claims.at("acr") == "eidas1");
    CHECK(claims.at("amr") == Json::array({"hwk", "sc", "pin", "mfa"}));
    CHECK(claims.at("auth_level") == 3); // the level reached, even when the acr is echoed lower
    CHECK(claims.at("nonce") == "n-0S6_WzA2Mj");

    SECTION("nonce omitted when not sent; acr falls back to the session's") {
        in.nonce.clear();
        in.acr.clear();
        auto c = build_id_token_claims(in);
        CHECK_FALSE(c.contains("nonce"));
        CHECK(c.at("acr") == "eidas3");
    }
    SECTION("identity claims requested for the ID token") {
        Account account;
        account.national_id = "810001234567";
        account.email = "j@example.fr";
        in.identity = build_identity_claims(nullptr, account, "CARD", "eidas3");
        in.identity["sub"] = "attacker-controlled"; // protocol claims always win
        in.scopes = {"openid", "scope_all"};
        in.requested_claims = {"SubjectNameID", "otherIds", "email", "sub"};
        auto c = build_id_token_claims(in);
        CHECK(c.at("SubjectNameID") == "810001234567");
        CHECK(c.at("otherIds")[0].at("identifiant") == "10001234567");
        CHECK_FALSE(c.contains("email")); // not covered by the granted scopes
        CHECK(c.at("sub") == "810001234567");
        CHECK_FALSE(c.contains("SubjectRefPro")); // not requested
    }
}
