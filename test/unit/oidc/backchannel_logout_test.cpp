// Back-channel logout in-process: which relying parties are told when a session ends, and what
// their logout token says (OpenID Connect Back-Channel Logout 1.0 §2.4).
#include <catch2/catch.hpp>

#include "crypto/encoding.hpp"
#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::OidcFixture;

namespace {

const std::string kNotified = "[clients.dcc]\nname = \"DCC\"\ntype = \"public\"\ntoken_endpoint_auth_method = "
                              "\"none\"\nrequire_pkce = true\nredirect_uris = [\"https://dcc.test/cb\"]\n"
                              "post_logout_redirect_uris = [\"https://dcc.test/bye\"]\n"
                              "backchannel_logout_uri = \"https://dcc.test/backchannel\"\n";

nlohmann::json header_of(const std::string& jws) {
    return nlohmann::json::parse(*crypto::base64url_decode(jws.substr(0, jws.find('.'))));
}

// The logout page for `client`'s ID token, then the form with `scope`.
http::Response logout(OidcFixture& f, Browser& b, const std::string& id_token, const std::string& scope) {
    auto page = f.get(f.path_of(f.deps->endpoints.end_session) + "?id_token_hint=" + id_token +
                          "&post_logout_redirect_uri=https%3A%2F%2Fdcc.test%2Fbye&state=s",
                      &b);
    REQUIRE(page.status == 200);
    return f.post(f.path_of(f.deps->endpoints.end_session),
                  {{"csrf", hidden_field(page.body, "csrf")},
                   {"scope", scope},
                   {"post_logout_redirect_uri", "https://dcc.test/bye"},
                   {"state", "s"},
                   {"client_id", "dcc"}},
                  &b);
}

} // namespace

TEST_CASE("logging out everywhere queues a signed logout token for each relying party of the session",
          "[unit][backchannel]") {
    OidcFixture f(kNotified);
    Browser b;
    auto dcc = f.exchange(f.code_flow("dcc", b));
    auto basic = f.exchange(f.code_flow(OidcFixture::kConfidential, b)); // SSO: same session, no back-channel URI
    REQUIRE(dcc.status == 200);
    const auto id_claims = test::jwt_payload(dcc.id_token());
    auto r = logout(f, b, dcc.id_token(), "everywhere");
    CHECK(r.status == 303);
    auto queued = f.store->logout_deliveries().recent(10);
    REQUIRE(queued.size() == 1); // rp-basic has no backchannel_logout_uri
    CHECK(queued[0].client_id == "dcc");
    CHECK(queued[0].uri == "https://dcc.test/backchannel");
    const auto& token = queued[0].logout_token;
    CHECK(header_of(token)["typ"] == "logout+jwt");
    auto claims = test::jwt_payload(token);
    CHECK(claims["iss"] == f.deps->endpoints.issuer);
    CHECK(claims["aud"] == "dcc");
    CHECK(claims["sub"] == id_claims["sub"]);
    CHECK(claims["sid"] == id_claims["sid"]);
    CHECK(claims["exp"].get<std::int64_t>() - claims["iat"].get<std::int64_t>() == 120);
    CHECK(claims["events"].contains("http://schemas.openid.net/event/backchannel-logout"));
    CHECK_FALSE(claims.contains("nonce"));
    CHECK(f.refresh(OidcFixture::kConfidential, basic.refresh_token()).status == 400); // the session ended
}

TEST_CASE("leaving one service keeps the session and tells nobody", "[unit][backchannel]") {
    OidcFixture f(kNotified);
    Browser b;
    auto dcc = f.exchange(f.code_flow("dcc", b));
    auto r = logout(f, b, dcc.id_token(), "service");
    CHECK(r.status == 303);
    CHECK(f.store->logout_deliveries().recent(10).empty());
    f.code_flow(OidcFixture::kConfidential, b, ""); // SSO still works: no login page
}

TEST_CASE("the portal's sign-out is a logout everywhere", "[unit][backchannel]") {
    OidcFixture f(kNotified);
    Browser b;
    f.exchange(f.code_flow("dcc", b));
    auto home = f.get("/", &b);
    auto r = f.post("/logout", {{"csrf", hidden_field(home.body, "csrf")}}, &b);
    CHECK(r.status == 303);
    CHECK(f.store->logout_deliveries().recent(10).size() == 1);
}

TEST_CASE("discovery advertises back-channel logout with sid", "[unit][backchannel]") {
    OidcFixture f;
    auto d =
        nlohmann::json::parse(f.get(f.path_of(f.deps->endpoints.issuer) + "/.well-known/openid-configuration").body);
    CHECK(d["backchannel_logout_supported"] == true);
    CHECK(d["backchannel_logout_session_supported"] == true);
}
