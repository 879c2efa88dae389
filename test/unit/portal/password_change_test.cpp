// The change forced at login (expired or temporary password), in-process with a fake clock.
#include <catch2/catch.hpp>

#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::OidcFixture;

namespace {

constexpr const char* kNewPassword = "Une phrase de passe bien longue";
constexpr domain::UnixTime kDay = 86400;

void age_password(OidcFixture& f, domain::UnixTime age, bool must_change = false) {
    auto account = f.store->accounts().find_by_login("medecin");
    REQUIRE(account);
    account->password_changed_at = f.clock.now() - age;
    account->must_change_password = must_change;
    f.store->accounts().upsert(*account);
}

// Login POST of the page at `login_page` (a portal login or an interaction's).
http::Response post_login(OidcFixture& f, Browser& b, const http::Response& login_page,
                          const std::string& password = OidcFixture::kPassword) {
    b.take(login_page);
    return f.post(f.deps->endpoints.login,
                  {{"csrf", hidden_field(login_page.body, "csrf")},
                   {"interaction", hidden_field(login_page.body, "interaction")},
                   {"login", "medecin"},
                   {"password", password}},
                  &b);
}

http::Response post_change(OidcFixture& f, Browser& b, const http::Response& page, const std::string& password,
                           const std::string& confirmation) {
    return f.post(f.deps->endpoints.password_change,
                  {{"csrf", hidden_field(page.body, "csrf")},
                   {"interaction", hidden_field(page.body, "interaction")},
                   {"password", password},
                   {"confirmation", confirmation}},
                  &b);
}

std::string location(const http::Response& r) {
    return std::string(r.header("Location"));
}

} // namespace

TEST_CASE("an expired password leads to the change page, then on to the service", "[unit][portal]") {
    OidcFixture f;
    age_password(f, 121 * kDay); // the policy's default: 120 days
    Browser b;
    auto authorize = f.get(f.deps->endpoints.authorization + "?response_type=code&client_id=rp-basic" +
                               "&redirect_uri=https%3A%2F%2Frp.test%2Fcb&scope=openid&state=s1&nonce=n1" +
                               "&code_challenge=" + std::string(43, 'a') + "&code_challenge_method=S256",
                           &b);
    REQUIRE(authorize.status == 303);
    auto login_page = f.get(location(authorize), &b);
    auto login = post_login(f, b, login_page);
    REQUIRE(login.status == 303);
    CHECK(location(login).rfind(f.deps->endpoints.password_change + "?interaction=", 0) == 0);
    CHECK(login.header("Set-Cookie").empty()); // no session before the new password

    auto page = f.get(location(login), &b);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("Votre mot de passe a expiré") != std::string::npos);
    CHECK(page.body.find("plus de 120 jours") != std::string::npos);

    auto weak = post_change(f, b, page, "court", "court");
    CHECK(weak.status == 400);
    CHECK(weak.body.find("id=\"password-erreur\"") != std::string::npos);
    auto same = post_change(f, b, page, OidcFixture::kPassword, OidcFixture::kPassword);
    CHECK(same.status == 400); // the expired password cannot come back

    auto done = post_change(f, b, page, kNewPassword, kNewPassword);
    REQUIRE(done.status == 303);
    CHECK(location(done).rfind(f.deps->endpoints.authorization + "?interaction=", 0) == 0);
    b.take(done);
    auto to_client = f.get(location(done), &b);
    REQUIRE((to_client.status == 302 || to_client.status == 303));
    CHECK(location(to_client).rfind("https://rp.test/cb?code=", 0) == 0);

    auto account = f.store->accounts().find_by_login("medecin");
    CHECK(account->password_changed_at == f.clock.now());
    // The change form is spent with its interaction.
    CHECK(post_change(f, b, page, kNewPassword + std::string("!"), kNewPassword + std::string("!")).status == 400);
}

TEST_CASE("a temporary password must be changed at the first portal login", "[unit][portal]") {
    OidcFixture f;
    age_password(f, 0, true);
    Browser b;
    auto login = post_login(f, b, f.get(f.deps->endpoints.login, &b));
    REQUIRE(login.status == 303);
    auto page = f.get(location(login), &b);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("mot de passe provisoire") != std::string::npos);
    CHECK(page.body.find("Portail Esculape") != std::string::npos);
    // Another browser (no pre-login cookie) cannot use the change page.
    Browser other;
    CHECK(f.get(location(login), &other).status == 400);

    auto done = post_change(f, b, page, kNewPassword, kNewPassword);
    REQUIRE(done.status == 303);
    CHECK(location(done) == "/");
    b.take(done);
    CHECK(f.get("/", &b).body.find("name=\"csrf\"") != std::string::npos); // signed in
    CHECK_FALSE(f.store->accounts().find_by_login("medecin")->must_change_password);
}

TEST_CASE("a password about to expire, or fresh, logs in directly", "[unit][portal]") {
    OidcFixture f;
    age_password(f, 110 * kDay); // warned, not expired
    Browser b;
    auto login = post_login(f, b, f.get(f.deps->endpoints.login, &b));
    REQUIRE(login.status == 303);
    CHECK(location(login) == "/");
}

TEST_CASE("a wrong password never reaches the change page, even when expired", "[unit][portal]") {
    OidcFixture f;
    age_password(f, 400 * kDay);
    Browser b;
    auto login = post_login(f, b, f.get(f.deps->endpoints.login, &b), "not the password");
    CHECK(login.status == 401);
    CHECK(f.get(f.deps->endpoints.password_change + "?interaction=anything", &b).status == 400);
}
