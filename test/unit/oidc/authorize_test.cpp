// The authorization endpoint's error matrix, in-process: which bad requests are shown as a French
// 400 page (the client or its redirect URI cannot be trusted: never redirect) and which go back
// to the client with an OAuth error code, state and iss (RFC 6749 §4.1.2.1, RFC 9207).
#include <catch2/catch.hpp>

#include <optional>

#include "http/form.hpp"
#include "support/oidc_fixture.hpp"

using esc::test::Browser;
using esc::test::OidcFixture;
using esc::test::query_param;
using Params = std::vector<esc::http::FormParams::Param>;

namespace {

Params valid_request(const std::string& client = OidcFixture::kConfidential) {
    const bool spa = client == OidcFixture::kPublic;
    return {{"client_id", client},
            {"redirect_uri", spa ? "https://spa.test/cb" : "https://rp.test/cb"},
            {"response_type", "code"},
            {"scope", "openid scope_all"},
            {"state", "st-1"},
            {"code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
            {"code_challenge_method", "S256"}};
}

Params with(Params params, const std::string& name, std::optional<std::string> value) {
    Params out;
    for (auto& p : params)
        if (p.name != name) out.push_back(p);
    if (value) out.push_back({name, *value});
    return out;
}

struct Row {
    const char* what;
    Params params;
    const char* redirected_error; // nullptr: a 400 page, no redirect
};

} // namespace

TEST_CASE("authorize error matrix: a page when the client cannot be trusted, a redirect otherwise", "[unit][oidc]") {
    OidcFixture f;
    const Params base = valid_request();
    const std::vector<Row> rows = {
        {"unknown client", with(base, "client_id", "nobody"), nullptr},
        {"missing client_id", with(base, "client_id", std::nullopt), nullptr},
        {"missing redirect_uri", with(base, "redirect_uri", std::nullopt), nullptr},
        {"unregistered redirect_uri", with(base, "redirect_uri", "https://evil.test/cb"), nullptr},
        {"redirect_uri with an extra path", with(base, "redirect_uri", "https://rp.test/cb/x"), nullptr},
        {"redirect_uri with a query added", with(base, "redirect_uri", "https://rp.test/cb?x=1"), nullptr},
        {"response_type=token", with(base, "response_type", "token"), "unsupported_response_type"},
        {"missing response_type", with(base, "response_type", std::nullopt), "invalid_request"},
        {"PKCE plain without opting in", with(with(base, "code_challenge_method", "plain"), "code_challenge", "abc"),
         "invalid_request"},
        {"unknown PKCE method", with(base, "code_challenge_method", "S512"), "invalid_request"},
        {"public client without PKCE",
         with(with(valid_request(OidcFixture::kPublic), "code_challenge", std::nullopt), "code_challenge_method",
              std::nullopt),
         "invalid_request"},
        {"prompt=none without a session", with(base, "prompt", "none"), "login_required"},
        {"duplicated parameter",
         [&] {
             auto p = base;
             p.push_back({"scope", "openid"});
             return p;
         }(),
         "invalid_request"},
    };
    for (const auto& row : rows) {
        INFO(row.what);
        auto response = f.get(esc::http::append_query(f.deps->endpoints.authorization, row.params));
        std::string location(response.header("Location"));
        if (!row.redirected_error) {
            CHECK(response.status == 400);
            CHECK(location.empty());
            CHECK(std::string(response.header("Content-Type")).find("text/html") == 0);
            CHECK(response.body.find("lang=\"fr\"") != std::string::npos);
            CHECK(response.body.find("evil.test") == std::string::npos);
        } else {
            CHECK(response.status == 303);
            REQUIRE(location.rfind("https://", 0) == 0);
            CHECK(query_param(location, "error") == row.redirected_error);
            CHECK(query_param(location, "iss") == f.config.issuer);
            if (row.params.end() !=
                std::find_if(row.params.begin(), row.params.end(), [](const auto& p) { return p.name == "state"; }))
                CHECK(query_param(location, "state") == "st-1");
        }
    }
}

TEST_CASE("a valid request without a session opens an interaction and shows the login page", "[unit][oidc]") {
    OidcFixture f;
    Browser browser;
    auto response = f.get(esc::http::append_query(f.deps->endpoints.authorization, valid_request()), &browser);
    REQUIRE(response.status == 303);
    std::string location(response.header("Location"));
    CHECK(location.find(f.deps->endpoints.login) != std::string::npos);
    CHECK_FALSE(query_param(location, "interaction").empty());
    auto page = f.get(location, &browser);
    CHECK(page.status == 200);
    CHECK(page.body.find("name=\"password\"") != std::string::npos);
}

TEST_CASE("prompt=login and max_age=0 ask for the password again inside an SSO session", "[unit][oidc]") {
    OidcFixture f;
    Browser browser;
    REQUIRE(f.exchange(f.code_flow(OidcFixture::kConfidential, browser)).status == 200);
    CHECK_NOTHROW(f.code_flow(OidcFixture::kConfidential, browser, "")); // plain SSO
    CHECK_THROWS_WITH(f.code_flow(OidcFixture::kConfidential, browser, "", {{"prompt", "login"}}),
                      Catch::Contains("a login page where SSO was expected"));
    CHECK_THROWS_WITH(f.code_flow(OidcFixture::kConfidential, browser, "", {{"max_age", "0"}}),
                      Catch::Contains("a login page where SSO was expected"));
    f.clock.advance(100);
    CHECK_NOTHROW(f.code_flow(OidcFixture::kConfidential, browser, "", {{"max_age", "3600"}}));
    CHECK_THROWS_WITH(f.code_flow(OidcFixture::kConfidential, browser, "", {{"max_age", "50"}}),
                      Catch::Contains("a login page where SSO was expected"));
}
