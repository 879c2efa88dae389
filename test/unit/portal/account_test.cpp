// « Mon compte » in-process: directory data read-only, e-mail changed only through its link, phone,
// password change with the current one, closing another session, recent logins.
#include <catch2/catch.hpp>

#include <regex>

#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::OidcFixture;

namespace {

constexpr const char* kNewPassword = "Une phrase de passe bien longue";

void sign_in(OidcFixture& f, Browser& b, const std::string& password = OidcFixture::kPassword) {
    auto page = f.get(f.deps->endpoints.login, &b);
    b.take(page);
    auto r = f.post(f.deps->endpoints.login,
                    {{"csrf", hidden_field(page.body, "csrf")}, {"login", "medecin"}, {"password", password}}, &b);
    REQUIRE(r.status == 303);
    b.take(r);
}

std::string csrf_of(OidcFixture& f, Browser& b) {
    auto page = f.get("/account", &b);
    REQUIRE(page.status == 200);
    return hidden_field(page.body, "csrf");
}

} // namespace

TEST_CASE("« Mon compte » shows the directory's identity read-only, sessions and recent logins", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    Browser other;
    sign_in(f, b);
    sign_in(f, other);
    auto page = f.get("/account", &b);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("MOREAU") != std::string::npos);
    CHECK(page.body.find("viennent de l’annuaire national") != std::string::npos);
    CHECK(page.body.find("Cette session") != std::string::npos);
    CHECK(page.body.find("name=\"session\"") != std::string::npos); // the other browser's session can be closed
    CHECK(page.body.find("Les 2 dernières connexions") != std::string::npos);
    CHECK(page.body.find("aria-invalid") == std::string::npos);
    Browser anonymous;
    auto r = f.get("/account", &anonymous);
    CHECK(r.status == 303);
    CHECK(std::string(r.header("Location")) == f.deps->endpoints.login);
}

TEST_CASE("closing another session from « Mon compte » ends it, not this one", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    Browser other;
    sign_in(f, b);
    sign_in(f, other);
    auto page = f.get("/account", &b);
    const auto sid = hidden_field(page.body, "session");
    REQUIRE_FALSE(sid.empty());
    auto r = f.post("/account/sessions/close", {{"csrf", hidden_field(page.body, "csrf")}, {"session", sid}}, &b);
    CHECK(r.status == 303);
    CHECK(f.get("/account", &other).status == 303); // signed out
    CHECK(f.get("/account", &b).status == 200);
    // A forged form changes nothing.
    CHECK(f.post("/account/sessions/close", {{"csrf", "x"}, {"session", sid}}, &b).status == 400);
}

TEST_CASE("a new e-mail address counts only once its link is followed", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    sign_in(f, b);
    auto bad = f.post("/account/email", {{"csrf", csrf_of(f, b)}, {"email", "pas-une-adresse"}}, &b);
    CHECK(bad.status == 400);
    CHECK(bad.body.find("id=\"email-erreur\"") != std::string::npos);
    CHECK(bad.body.find("value=\"pas-une-adresse\"") != std::string::npos);
    auto asked = f.post("/account/email", {{"csrf", csrf_of(f, b)}, {"email", "claire@nouveau.example"}}, &b);
    CHECK(asked.status == 200);
    CHECK(asked.body.find("Un lien de confirmation a été envoyé") != std::string::npos);
    CHECK(f.store->accounts().find_by_login("medecin")->email == "claire.moreau@demo-esculape.example");
    auto mail = f.store->outbox().recent(1, std::nullopt).at(0);
    CHECK(mail.recipient == "claire@nouveau.example");
    std::smatch m;
    REQUIRE(std::regex_search(mail.text, m, std::regex("(/account/email/verify\\?token=[A-Za-z0-9_-]+)")));
    auto confirm = f.get(m[1]);
    REQUIRE(confirm.status == 200);
    CHECK(f.store->accounts().find_by_login("medecin")->email == "claire.moreau@demo-esculape.example"); // GET: nothing
    auto done = f.post("/account/email/verify", {{"token", hidden_field(confirm.body, "token")}});
    CHECK(done.status == 303);
    CHECK(f.store->accounts().find_by_login("medecin")->email == "claire@nouveau.example");
    auto notice = f.store->outbox().recent(1, std::nullopt).at(0); // to the former address
    CHECK(notice.recipient == "claire.moreau@demo-esculape.example");
    CHECK(notice.subject == "L’adresse e-mail de votre compte Esculape a été modifiée");
    CHECK(notice.text.find("claire@nouveau.example") != std::string::npos);
    CHECK(f.post("/account/email/verify", {{"token", hidden_field(confirm.body, "token")}}).status == 400); // spent
}

TEST_CASE("the phone is normalized, or refused next to its field", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    sign_in(f, b);
    auto bad = f.post("/account/phone", {{"csrf", csrf_of(f, b)}, {"phone", "12"}}, &b);
    CHECK(bad.status == 400);
    CHECK(bad.body.find("id=\"phone-erreur\"") != std::string::npos);
    CHECK(f.post("/account/phone", {{"csrf", csrf_of(f, b)}, {"phone", "+33 3 81 00 00 00"}}, &b).status == 303);
    CHECK(f.store->accounts().profile(f.store->accounts().find_by_login("medecin")->id)->phone == "0381000000");
}

TEST_CASE("changing the password needs the current one and closes the other sessions", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    Browser other;
    sign_in(f, b);
    sign_in(f, other);
    auto wrong = f.post("/account/password",
                        {{"csrf", csrf_of(f, b)},
                         {"current", "pas le bon"},
                         {"password", kNewPassword},
                         {"confirmation", kNewPassword}},
                        &b);
    CHECK(wrong.status == 400);
    CHECK(wrong.body.find("id=\"current-erreur\"") != std::string::npos);
    auto weak = f.post("/account/password",
                       {{"csrf", csrf_of(f, b)},
                        {"current", OidcFixture::kPassword},
                        {"password", "court"},
                        {"confirmation", "court"}},
                       &b);
    CHECK(weak.status == 400);
    CHECK(weak.body.find("id=\"password-erreur\"") != std::string::npos);
    auto done = f.post("/account/password",
                       {{"csrf", csrf_of(f, b)},
                        {"current", OidcFixture::kPassword},
                        {"password", kNewPassword},
                        {"confirmation", kNewPassword}},
                       &b);
    CHECK(done.status == 200);
    CHECK(done.body.find("Votre mot de passe est modifié") != std::string::npos);
    CHECK(f.get("/account", &b).status == 200);     // this session stays
    CHECK(f.get("/account", &other).status == 303); // the other one ended
    Browser again;
    sign_in(f, again, kNewPassword);
}

TEST_CASE("a former login kept as an alias logs in, until it is retired", "[unit][portal]") {
    OidcFixture f;
    const auto account = f.store->accounts().find_by_login("medecin");
    REQUIRE(f.store->accounts().add_alias("cmoreau.ancien", account->id, f.clock.now()));
    auto alias_login = [&] {
        Browser b;
        auto page = f.get(f.deps->endpoints.login, &b);
        b.take(page);
        return f
            .post(f.deps->endpoints.login,
                  {{"csrf", hidden_field(page.body, "csrf")},
                   {"login", "cmoreau.ancien"},
                   {"password", OidcFixture::kPassword}},
                  &b)
            .status;
    };
    CHECK(alias_login() == 303);
    f.store->accounts().retire_alias("cmoreau.ancien", f.clock.now());
    CHECK(alias_login() == 401);
}
