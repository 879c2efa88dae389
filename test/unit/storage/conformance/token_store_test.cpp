#include <catch2/catch.hpp>

#include "../backends.hpp"

namespace domain = esc::domain;

namespace {

domain::AuthCode make_code(const std::string& hash, const std::string& sid = "sid-1") {
    domain::AuthCode code;
    code.code_hash = hash;
    code.client_id = "client-dmp";
    code.redirect_uri = "https://rp.example/cb";
    code.account_id = 3;
    code.sid = sid;
    code.scope = "openid scope_all";
    code.nonce = "n-0S6_WzA2Mj";
    code.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    code.code_challenge_method = "S256";
    code.claims_json = "{\"userinfo\":{\"SubjectRefPro\":null}}";
    code.acr_requested = "eidas1";
    code.auth = {900, "eidas1", {"pwd"}, "PASSWORD"};
    code.expires_at = 1060;
    return code;
}

domain::RefreshToken make_refresh(const std::string& hash, const std::string& family, const std::string& code_hash,
                                  const std::string& sid = "sid-1") {
    domain::RefreshToken token;
    token.token_hash = hash;
    token.family_id = family;
    token.client_id = "client-dmp";
    token.account_id = 3;
    token.sid = sid;
    token.scope = "openid scope_all offline_access";
    token.code_hash = code_hash;
    token.auth = {900, "eidas3", {"hwk", "pin"}, "CARD"};
    token.issued_at = 1000;
    token.expires_at = 2800;
    return token;
}

domain::IssuedAccessToken make_access(const std::string& jti, const std::string& family, domain::UnixTime exp = 1120) {
    return {jti, "client-dmp", family, exp};
}

} // namespace

STORE_CASE("a code round-trips and is consumed once") {
    TestType store;
    store->codes().save(make_code("code-1"));
    auto first = store->codes().consume("code-1");
    REQUIRE(first);
    CHECK_FALSE(first->used);
    CHECK(first->client_id == "client-dmp");
    CHECK(first->redirect_uri == "https://rp.example/cb");
    CHECK(first->account_id == 3);
    CHECK(first->sid == "sid-1");
    CHECK(first->scope == "openid scope_all");
    CHECK(first->nonce == "n-0S6_WzA2Mj");
    CHECK(first->code_challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    CHECK(first->code_challenge_method == "S256");
    CHECK(first->claims_json == "{\"userinfo\":{\"SubjectRefPro\":null}}");
    CHECK(first->acr_requested == "eidas1");
    CHECK(first->auth.auth_time == 900);
    CHECK(first->auth.amr == std::vector<std::string>{"pwd"});
    CHECK(first->auth.auth_mode == "PASSWORD");
    CHECK(first->expires_at == 1060);

    auto second = store->codes().consume("code-1");
    REQUIRE(second);
    CHECK(second->used);
    CHECK(second->client_id == "client-dmp");
    CHECK(store->codes().consume("code-1")->used);
    CHECK_FALSE(store->codes().consume("unknown"));
    CHECK_THROWS_AS(store->codes().save(make_code("code-1")), esc::storage::StorageError);
}

STORE_CASE("a refresh token round-trips and is marked used once") {
    TestType store;
    store->tokens().save_refresh(make_refresh("rt-1", "fam-1", "code-1"));
    auto found = store->tokens().find_refresh("rt-1");
    REQUIRE(found);
    CHECK(found->family_id == "fam-1");
    CHECK(found->client_id == "client-dmp");
    CHECK(found->account_id == 3);
    CHECK(found->sid == "sid-1");
    CHECK(found->scope == "openid scope_all offline_access");
    CHECK(found->code_hash == "code-1");
    CHECK(found->auth.acr == "eidas3");
    CHECK(found->auth.amr == std::vector<std::string>{"hwk", "pin"});
    CHECK(found->auth.auth_mode == "CARD");
    CHECK(found->issued_at == 1000);
    CHECK(found->expires_at == 2800);
    CHECK_FALSE(found->used);
    CHECK_FALSE(found->revoked);

    CHECK(store->tokens().mark_refresh_used("rt-1"));
    CHECK_FALSE(store->tokens().mark_refresh_used("rt-1"));
    CHECK(store->tokens().find_refresh("rt-1")->used);
    CHECK_FALSE(store->tokens().mark_refresh_used("unknown"));

    store->tokens().save_refresh(make_refresh("rt-2", "fam-1", "code-1"));
    store->tokens().revoke_refresh("rt-2");
    CHECK(store->tokens().find_refresh("rt-2")->revoked);
    CHECK_FALSE(store->tokens().mark_refresh_used("rt-2"));
    CHECK_FALSE(store->tokens().find_refresh("unknown"));
}

STORE_CASE("revoking a family cuts its refresh and access tokens only") {
    TestType store;
    auto& tokens = store->tokens();
    tokens.save_refresh(make_refresh("rt-a1", "fam-a", "code-a"));
    tokens.save_refresh(make_refresh("rt-a2", "fam-a", "code-a"));
    tokens.save_refresh(make_refresh("rt-b1", "fam-b", "code-b"));
    tokens.record_access_token(make_access("at-a1", "fam-a"));
    tokens.record_access_token(make_access("at-b1", "fam-b"));
    CHECK_FALSE(tokens.is_access_token_revoked("at-a1"));

    tokens.revoke_family("fam-a");
    CHECK(tokens.find_refresh("rt-a1")->revoked);
    CHECK(tokens.find_refresh("rt-a2")->revoked);
    CHECK(tokens.is_access_token_revoked("at-a1"));
    CHECK_FALSE(tokens.find_refresh("rt-b1")->revoked);
    CHECK_FALSE(tokens.is_access_token_revoked("at-b1"));

    // A token rotated into a revoked family is born revoked (reuse detected concurrently).
    tokens.save_refresh(make_refresh("rt-a3", "fam-a", "code-a"));
    CHECK(tokens.find_refresh("rt-a3")->revoked);
    tokens.record_access_token(make_access("at-a2", "fam-a"));
    CHECK(tokens.is_access_token_revoked("at-a2"));
}

STORE_CASE("revoke_issued_from_code reaches refresh families and code-only access tokens") {
    TestType store;
    auto& tokens = store->tokens();
    store->codes().save(make_code("code-x"));
    store->codes().save(make_code("code-y"));
    tokens.save_refresh(make_refresh("rt-x1", "fam-x", "code-x"));
    tokens.save_refresh(make_refresh("rt-x2", "fam-x", "")); // rotated token without the code hash
    tokens.record_access_token(make_access("at-x-refresh", "fam-x"));
    tokens.record_access_token(make_access("at-x-direct", "code-x")); // issued without refresh token
    tokens.save_refresh(make_refresh("rt-y1", "fam-y", "code-y"));
    tokens.record_access_token(make_access("at-y", "fam-y"));

    tokens.revoke_issued_from_code("code-x");
    CHECK(tokens.find_refresh("rt-x1")->revoked);
    CHECK(tokens.find_refresh("rt-x2")->revoked);
    CHECK(tokens.is_access_token_revoked("at-x-refresh"));
    CHECK(tokens.is_access_token_revoked("at-x-direct"));
    CHECK_FALSE(tokens.find_refresh("rt-y1")->revoked);
    CHECK_FALSE(tokens.is_access_token_revoked("at-y"));
}

STORE_CASE("tokens written after their code was replayed are born revoked") {
    TestType store;
    store->codes().save(make_code("code-r"));
    REQUIRE_FALSE(store->codes().consume("code-r")->used);
    REQUIRE(store->codes().consume("code-r")->used);   // the replay wins the race
    store->tokens().revoke_issued_from_code("code-r"); // nothing written yet
    store->tokens().save_refresh(make_refresh("rt-late", "fam-late", "code-r"));
    store->tokens().record_access_token(make_access("at-late", "code-r"));
    CHECK(store->tokens().find_refresh("rt-late")->revoked);
    CHECK(store->tokens().is_access_token_revoked("at-late"));
}

STORE_CASE("revoke_session cuts everything issued under the sid and ends the session") {
    TestType store;
    domain::Session session{"idh-1", "sid-1", 3, {900, "eidas1", {"pwd"}, "PASSWORD"}, 900, 900, 5000};
    store->sessions().create(session);
    store->sessions().create({"idh-2", "sid-2", 4, {900, "eidas1", {"pwd"}, "PASSWORD"}, 900, 900, 5000});
    store->codes().save(make_code("code-used", "sid-1"));
    store->codes().save(make_code("code-pending", "sid-1"));
    store->codes().save(make_code("code-other", "sid-2"));
    REQUIRE(store->codes().consume("code-used"));
    auto& tokens = store->tokens();
    tokens.save_refresh(make_refresh("rt-1", "fam-1", "code-used", "sid-1"));
    tokens.record_access_token(make_access("at-1", "fam-1"));
    tokens.record_access_token(make_access("at-direct", "code-used"));
    tokens.save_refresh(make_refresh("rt-2", "fam-2", "code-other", "sid-2"));
    tokens.record_access_token(make_access("at-2", "fam-2"));
    store->purge_expired(1060); // the codes expire; code-only tokens still reach the session by sid

    tokens.revoke_session("sid-1");
    CHECK(tokens.find_refresh("rt-1")->revoked);
    CHECK(tokens.is_access_token_revoked("at-1"));
    CHECK(tokens.is_access_token_revoked("at-direct"));
    CHECK_FALSE(store->sessions().find("idh-1"));
    CHECK_FALSE(tokens.find_refresh("rt-2")->revoked);
    CHECK_FALSE(tokens.is_access_token_revoked("at-2"));
    CHECK(store->sessions().find("idh-2"));
}

STORE_CASE("revoke_session drops unredeemed codes and keeps redeemed ones") {
    TestType store;
    store->codes().save(make_code("code-used", "sid-1"));
    store->codes().save(make_code("code-pending", "sid-1"));
    REQUIRE(store->codes().consume("code-used"));
    store->tokens().revoke_session("sid-1");
    CHECK_FALSE(store->codes().consume("code-pending"));
    auto replay = store->codes().consume("code-used");
    REQUIRE(replay);
    CHECK(replay->used);
}

STORE_CASE("access tokens can be revoked by jti, recorded or not") {
    TestType store;
    auto& tokens = store->tokens();
    tokens.record_access_token(make_access("at-1", "fam-1"));
    tokens.revoke_access_token("at-1", 1120);
    CHECK(tokens.is_access_token_revoked("at-1"));
    tokens.revoke_access_token("at-never-recorded", 1120);
    CHECK(tokens.is_access_token_revoked("at-never-recorded"));
    CHECK_FALSE(tokens.is_access_token_revoked("at-unknown"));
    CHECK_THROWS_AS(tokens.record_access_token(make_access("at-1", "fam-1")), esc::storage::StorageError);
}

STORE_CASE("purge_expired removes only rows whose expiry has come") {
    TestType store;
    store->codes().save(make_code("code-old")); // expires 1060
    auto fresh_code = make_code("code-new");
    fresh_code.expires_at = 3000;
    store->codes().save(fresh_code);
    store->sessions().create({"idh-old", "sid-old", 1, {}, 0, 0, 1500});
    store->sessions().create({"idh-new", "sid-new", 1, {}, 0, 0, 3000});
    auto old_refresh = make_refresh("rt-old", "fam", "code-old");
    old_refresh.expires_at = 1500;
    store->tokens().save_refresh(old_refresh);
    store->tokens().save_refresh(make_refresh("rt-new", "fam", "code-old")); // expires 2800
    store->tokens().record_access_token(make_access("at-old", "fam", 1120));
    store->tokens().record_access_token(make_access("at-new", "fam", 2500));
    store->replay().remember_once("jti-old", 1100);
    store->replay().remember_once("jti-new", 2600);

    CHECK(store->purge_expired(1000) == 0);
    CHECK(store->purge_expired(1500) == 5); // expires_at <= now: code, session, refresh, access, replay
    CHECK(store->purge_expired(1500) == 0);
    CHECK_FALSE(store->sessions().find("idh-old"));
    CHECK(store->sessions().find("idh-new"));
    CHECK_FALSE(store->tokens().find_refresh("rt-old"));
    CHECK(store->tokens().find_refresh("rt-new"));
    CHECK(store->tokens().mark_refresh_used("rt-new"));
    CHECK_FALSE(store->codes().consume("code-old"));
    CHECK(store->codes().consume("code-new"));
    CHECK_FALSE(store->replay().remember_once("jti-new", 2600));
    CHECK(store->replay().remember_once("jti-old", 1100));
    store->tokens().revoke_access_token("at-new", 2500);
    CHECK(store->tokens().is_access_token_revoked("at-new"));
    CHECK(store->purge_expired(3000) == 6); // code, session, refresh, access, 2 replay values
}
