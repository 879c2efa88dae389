// An administrator grants services directly (issue 9), in-process: the professional found in the
// directory, the account opened with its login and password-link mails when there is none, each
// service accepted with its mail and audit entry; bad input changes nothing; administrators only.
#include <catch2/catch.hpp>

#include "access_catalogue.hpp"
#include "support/oidc_fixture.hpp"

using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::mails_to;
using esc::test::OidcFixture;
using esc::test::signed_in;
namespace domain = esc::domain;

namespace {

const char* kCamille = "899700001011"; // Camille DURAND, in the directory, no account

esc::http::Response grant(OidcFixture& f, Browser& b, const std::string& national_id, const std::string& email,
                          const std::vector<std::string>& services) {
    auto page = f.get("/", &b);
    std::vector<std::pair<std::string, std::string>> form = {
        {"csrf", hidden_field(page.body, "csrf")}, {"national_id", national_id}, {"email", email}};
    for (const auto& s : services)
        form.push_back({"services", s});
    return f.post(f.deps->endpoints.console_access_grant, form, &b);
}

} // namespace

TEST_CASE("an administrator opens an account from the directory and grants a service", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    auto admin = signed_in(f, "admin");
    auto found = f.get(f.deps->endpoints.console_access_grant + "?national_id=99700001011", &admin);
    REQUIRE(found.status == 200);
    CHECK(found.body.find("Camille DURAND") != std::string::npos);
    CHECK(found.body.find("pas encore de compte") != std::string::npos);

    auto done = grant(f, admin, kCamille, "camille.durand@example.test", {"dcc"});
    REQUIRE(done.status == 303);
    auto account = f.store->accounts().find_by_national_id(kCamille);
    REQUIRE(account);
    CHECK(account->login == "camille.durand");
    CHECK(account->email == "camille.durand@example.test");
    CHECK(account->password_hash.empty());
    auto access = f.store->access().find(account->id, "dcc");
    REQUIRE(access);
    CHECK(access->state == domain::AccessState::accepted);
    CHECK(access->decided_by == "admin");
    auto mails = mails_to(f, "camille.durand@example.test");
    REQUIRE(mails.size() == 3);
    CHECK(mails[2].subject == "Votre identifiant Esculape");
    CHECK(mails[1].subject == "Choisissez votre mot de passe Esculape");
    CHECK(mails[0].subject == "Votre accès à DCC est ouvert");
    CHECK(f.store->audit().recent(1, "access.grant")[0].actor == "admin");
    CHECK(f.store->audit().recent(1, "account.create").size() == 1);

    // Again: the account exists, the service is already open: nothing to tick, nothing sent.
    auto again = f.get(f.deps->endpoints.console_access_grant + "?national_id=" + kCamille, &admin);
    CHECK(again.body.find("identifiant camille.durand") != std::string::npos);
    CHECK(again.body.find("Tous les services sur accord sont déjà ouverts") != std::string::npos);
    CHECK(grant(f, admin, kCamille, "", {"dcc"}).status == 303);
    CHECK(mails_to(f, "camille.durand@example.test").size() == 3);
}

TEST_CASE("a direct grant to an existing account opens the service, whatever its request", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    auto admin = signed_in(f, "admin");
    const auto id = f.store->accounts().find_by_login("sagefemme")->id;
    REQUIRE(grant(f, admin, "899700000575", "", {"dcc"}).status == 303);
    CHECK(f.store->access().find(id, "dcc")->state == domain::AccessState::accepted);
    CHECK(mails_to(f, "emilie.bernard@demo-esculape.example").size() == 1);
    CHECK(f.store->accounts().find_by_id(id)->email == "emilie.bernard@demo-esculape.example");
}

TEST_CASE("direct grants: administrators only, and bad input changes nothing", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    auto referent = signed_in(f, "coordo-rennes");
    CHECK(f.get(f.deps->endpoints.console_access_grant, &referent).status == 403);
    CHECK(grant(f, referent, kCamille, "c@example.test", {"dcc"}).status == 403);

    auto admin = signed_in(f, "admin");
    auto unknown = f.get(f.deps->endpoints.console_access_grant + "?national_id=99700009999", &admin);
    CHECK(unknown.status == 404);
    CHECK(unknown.body.find("Aucun professionnel de l’annuaire") != std::string::npos);
    auto bad_mail = grant(f, admin, kCamille, "camille@", {"dcc"});
    CHECK(bad_mail.status == 400);
    CHECK(bad_mail.body.find("adresse électronique valide") != std::string::npos);
    CHECK(bad_mail.body.find("value=\"camille@\"") != std::string::npos); // what was typed stays
    CHECK(grant(f, admin, kCamille, "camille@example.test", {}).status == 400);
    CHECK(grant(f, admin, kCamille, "camille@example.test", {"rp-basic"}).status == 400); // open: nothing to grant
    CHECK(grant(f, admin, kCamille, "camille@example.test", {std::string(300, 'x')}).status == 400);
    CHECK(grant(f, admin, std::string(500, '9'), "camille@example.test", {"dcc"}).status == 404);
    CHECK_FALSE(f.store->accounts().find_by_national_id(kCamille));
    CHECK(f.store->audit().recent(10, "access.grant").size() == 3); // the demo seed's grants only
}
