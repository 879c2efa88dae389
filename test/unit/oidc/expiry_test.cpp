// Expiry of codes, access tokens, refresh tokens and SSO sessions, and what an SSO sign-in keeps:
// the clock moves, nothing sleeps (these replaced the sleeping HTTPS tests).
#include <catch2/catch.hpp>

#include "support/oidc_fixture.hpp"

using esc::test::Browser;
using esc::test::OidcFixture;

namespace {
esc::http::Response userinfo(OidcFixture& f, const std::string& access_token) {
    return f.get(f.deps->endpoints.userinfo, nullptr, {{"Authorization", "Bearer " + access_token}});
}
} // namespace

TEST_CASE("a code is redeemable within tokens.code_lifetime, not after", "[unit][oidc]") {
    OidcFixture f("[tokens]\ncode_lifetime = 30\n");
    Browser browser;
    auto fresh = f.code_flow(OidcFixture::kConfidential, browser);
    f.clock.advance(29);
    CHECK(f.exchange(fresh).status == 200);

    auto late = f.code_flow(OidcFixture::kConfidential, browser, "");
    f.clock.advance(31);
    auto refused = f.exchange(late);
    CHECK(refused.status == 400);
    CHECK(refused.body["error"] == "invalid_grant");
}

TEST_CASE("an access token works until its exp, then userinfo answers 401 invalid_token", "[unit][oidc]") {
    OidcFixture f("[tokens]\naccess_token_lifetime = 60\n");
    Browser browser;
    auto tokens = f.exchange(f.code_flow(OidcFixture::kConfidential, browser));
    REQUIRE(tokens.status == 200);
    CHECK(tokens.body["expires_in"] == 60);
    CHECK(userinfo(f, tokens.access_token()).status == 200);
    f.clock.advance(59);
    CHECK(userinfo(f, tokens.access_token()).status == 200); // from the caches: they honour exp too
    f.clock.advance(1);
    auto expired = userinfo(f, tokens.access_token());
    CHECK(expired.status == 401);
    CHECK(std::string(expired.header("WWW-Authenticate")).find("invalid_token") != std::string::npos);
    CHECK(std::string(expired.header("WWW-Authenticate")).find("expired") != std::string::npos);
}

TEST_CASE("a refresh token does not outlive tokens.refresh_token_lifetime", "[unit][oidc]") {
    OidcFixture f("[tokens]\naccess_token_lifetime = 60\nrefresh_token_lifetime = 120\n");
    Browser browser;
    auto tokens = f.exchange(f.code_flow(OidcFixture::kConfidential, browser));
    REQUIRE(tokens.status == 200);
    CHECK(tokens.body["refresh_expires_in"] == 120);
    f.clock.advance(119);
    auto rotated = f.refresh(OidcFixture::kConfidential, tokens.refresh_token());
    REQUIRE(rotated.status == 200);
    f.clock.advance(121);
    auto refused = f.refresh(OidcFixture::kConfidential, rotated.refresh_token());
    CHECK(refused.status == 400);
    CHECK(refused.body["error"] == "invalid_grant");
}

TEST_CASE("an SSO sign-in later keeps the original auth_time and sid", "[unit][oidc]") {
    OidcFixture f;
    Browser browser;
    auto first = f.exchange(f.code_flow(OidcFixture::kConfidential, browser));
    REQUIRE(first.status == 200);
    f.clock.advance(300);
    auto second = f.exchange(f.code_flow(OidcFixture::kPublic, browser, "")); // no login page
    REQUIRE(second.status == 200);
    auto a = esc::test::jwt_payload(first.id_token());
    auto b = esc::test::jwt_payload(second.id_token());
    CHECK(b["auth_time"] == a["auth_time"]);
    CHECK(b["sid"] == a["sid"]);
    CHECK(b["iat"].get<long long>() == a["iat"].get<long long>() + 300);
}

TEST_CASE("an SSO session idle past session.idle_lifetime asks for the password again", "[unit][oidc]") {
    OidcFixture f("[session]\nidle_lifetime = 600\nabsolute_lifetime = 3600\n");
    Browser browser;
    REQUIRE(f.exchange(f.code_flow(OidcFixture::kConfidential, browser)).status == 200);
    f.clock.advance(599);
    CHECK_NOTHROW(f.code_flow(OidcFixture::kConfidential, browser, "")); // still signed in, and touched
    f.clock.advance(601);
    CHECK_THROWS_WITH(f.code_flow(OidcFixture::kConfidential, browser, ""),
                      Catch::Contains("a login page where SSO was expected"));
}
