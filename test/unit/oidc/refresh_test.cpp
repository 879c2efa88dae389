// Refresh rotation and reuse (RFC 9700 §4.14.2) in-process: a rotated token presented again
// within the confidential client's grace interval gets the same answer; after it, the whole
// family is revoked; a public client has no grace.
#include <catch2/catch.hpp>

#include "support/oidc_fixture.hpp"

using esc::test::Browser;
using esc::test::OidcFixture;

namespace {
bool active(OidcFixture& f, const std::string& access_token) {
    auto r = f.post(f.deps->endpoints.introspection, {{"token", access_token}}, nullptr, {OidcFixture::basic()});
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body).value("active", false);
}
} // namespace

TEST_CASE("rotation: each refresh gives a new token, the presented one is spent", "[unit][oidc]") {
    OidcFixture f;
    Browser browser;
    auto tokens = f.exchange(f.code_flow(OidcFixture::kConfidential, browser));
    REQUIRE(tokens.status == 200);
    auto first = f.refresh(OidcFixture::kConfidential, tokens.refresh_token());
    REQUIRE(first.status == 200);
    CHECK(first.refresh_token() != tokens.refresh_token());
    auto second = f.refresh(OidcFixture::kConfidential, first.refresh_token());
    REQUIRE(second.status == 200);
    CHECK(active(f, second.access_token()));
}

TEST_CASE("within the grace interval a retry gets the same answer; after it reuse revokes the family", "[unit][oidc]") {
    OidcFixture f("[tokens]\nrefresh_reuse_grace = 2\n");
    Browser browser;
    auto tokens = f.exchange(f.code_flow(OidcFixture::kConfidential, browser));
    auto first = f.refresh(OidcFixture::kConfidential, tokens.refresh_token());
    REQUIRE(first.status == 200);
    f.clock.advance(1);
    auto retry = f.refresh(OidcFixture::kConfidential, tokens.refresh_token());
    REQUIRE(retry.status == 200);
    CHECK(retry.refresh_token() == first.refresh_token());
    CHECK(retry.access_token() == first.access_token());
    f.clock.advance(1); // the interval (2 s) is over
    auto reuse = f.refresh(OidcFixture::kConfidential, tokens.refresh_token());
    CHECK(reuse.status == 400);
    CHECK(reuse.body["error"] == "invalid_grant");
    // The family is gone: the rotated token and its access token too.
    CHECK(f.refresh(OidcFixture::kConfidential, first.refresh_token()).status == 400);
    CHECK_FALSE(active(f, first.access_token()));
}

TEST_CASE("a public client has no grace: presenting a rotated token again revokes the family", "[unit][oidc]") {
    OidcFixture f("[tokens]\nrefresh_reuse_grace = 2\n");
    Browser browser;
    auto tokens = f.exchange(f.code_flow(OidcFixture::kPublic, browser));
    REQUIRE(tokens.status == 200);
    auto first = f.refresh(OidcFixture::kPublic, tokens.refresh_token());
    REQUIRE(first.status == 200);
    auto reuse = f.refresh(OidcFixture::kPublic, tokens.refresh_token());
    CHECK(reuse.status == 400);
    CHECK(f.refresh(OidcFixture::kPublic, first.refresh_token()).status == 400);
}

TEST_CASE("a refresh token is bound to its client", "[unit][oidc]") {
    OidcFixture f;
    Browser browser;
    auto tokens = f.exchange(f.code_flow(OidcFixture::kConfidential, browser));
    auto stolen = f.refresh(OidcFixture::kPublic, tokens.refresh_token());
    CHECK(stolen.status == 400);
    CHECK(stolen.body["error"] == "invalid_grant");
    CHECK(f.refresh(OidcFixture::kConfidential, tokens.refresh_token()).status == 200);
}
