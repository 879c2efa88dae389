// The service catalogue on the console (issue 9): administrators see each service as configured and
// add or remove referents (role changes, audited); file referents stay; bad input changes nothing.
#include <catch2/catch.hpp>

#include "access_catalogue.hpp"
#include "support/oidc_fixture.hpp"

using esc::test::hidden_field;
using esc::test::OidcFixture;
using esc::test::signed_in;

namespace {
esc::http::Response submit(OidcFixture& f, esc::test::Browser& b,
                           std::vector<std::pair<std::string, std::string>> form) {
    auto page = f.get("/", &b);
    form.insert(form.begin(), {"csrf", hidden_field(page.body, "csrf")});
    return f.post(f.deps->endpoints.console_services, form, &b);
}
} // namespace

TEST_CASE("an administrator adds and removes a service's referent; the new referent sees their requests",
          "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    auto admin = signed_in(f, "admin");
    auto page = f.get(f.deps->endpoints.console_services, &admin);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("Dossier Communicant de Cancérologie") != std::string::npos);
    CHECK(page.body.find("Départements 44 85") != std::string::npos);
    CHECK(page.body.find("fichier de configuration") != std::string::npos);

    auto added = submit(f, admin,
                        {{"action", "add_referent"},
                         {"service", "dcc"},
                         {"login", "pharmacien"},
                         {"departments", "37, 41"},
                         {"postal_prefixes", "361"}});
    REQUIRE(added.status == 303);
    auto charges = f.store->access().charges_of("pharmacien");
    REQUIRE(charges.size() == 1);
    CHECK(charges[0].territory.postal_prefixes == std::vector<std::string>{"37", "41", "361"});
    CHECK_FALSE(charges[0].from_file);
    auto audit = f.store->audit().recent(1, "referent.add");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].actor == "admin");
    CHECK(audit[0].target == "referent:pharmacien:dcc");

    // troisactivites practises in Indre-et-Loire (37): the new referent receives the request.
    auto pro = signed_in(f, "troisactivites");
    auto home = f.get("/", &pro);
    f.post(f.deps->endpoints.access_request, {{"csrf", hidden_field(home.body, "csrf")}, {"client_id", "dcc"}}, &pro);
    CHECK(esc::test::mails_to(f, "thomas.girard@demo-esculape.example").size() == 1);
    auto referent = signed_in(f, "pharmacien");
    CHECK(f.get(f.deps->endpoints.console_access, &referent).body.find("Pierre-Yves MARCHAND") != std::string::npos);

    CHECK(submit(f, admin,
                 {{"action", "add_referent"}, {"service", "dcc"}, {"login", "pharmacien"}, {"departments", "18"}})
              .status == 409);
    CHECK(submit(f, admin, {{"action", "remove_referent"}, {"service", "dcc"}, {"login", "coordo-rennes"}}).status ==
          400); // declared in the file
    REQUIRE(submit(f, admin, {{"action", "remove_referent"}, {"service", "dcc"}, {"login", "pharmacien"}}).status ==
            303);
    CHECK(f.store->access().charges_of("pharmacien").empty());
    CHECK(f.store->audit().recent(1, "referent.remove")[0].before.find("\"37\"") != std::string::npos);
    CHECK(f.get(f.deps->endpoints.console_access, &referent).status == 403); // no role left
}

TEST_CASE("referent changes: administrators only, a recent login, valid territories", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    auto referent = signed_in(f, "coordo-rennes");
    CHECK(f.get(f.deps->endpoints.console_services, &referent).status == 403);
    auto admin = signed_in(f, "admin");
    auto bad = submit(
        f, admin, {{"action", "add_referent"}, {"service", "dcc"}, {"login", "pharmacien"}, {"departments", "37 99"}});
    CHECK(bad.status == 400);
    CHECK(bad.body.find("« 99 » n’est pas un département") != std::string::npos);
    CHECK(bad.body.find("value=\"37 99\"") != std::string::npos); // what was typed stays
    CHECK(submit(f, admin,
                 {{"action", "add_referent"}, {"service", "dcc"}, {"login", "pharmacien"}, {"postal_prefixes", "3A"}})
              .status == 400);
    CHECK(submit(f, admin, {{"action", "add_referent"}, {"service", "dcc"}, {"login", "pharmacien"}}).status == 400);
    CHECK(submit(f, admin, {{"action", "add_referent"}, {"service", "dcc"}, {"login", "nobody"}, {"departments", "37"}})
              .status == 400);
    CHECK(submit(f, admin,
                 {{"action", "add_referent"}, {"service", "spa"}, {"login", "pharmacien"}, {"departments", "37"}})
              .status == 400); // open service: no referents
    CHECK(submit(f, admin, {{"action", "promote"}, {"service", "dcc"}, {"login", "pharmacien"}}).status == 400);
    f.clock.advance(6 * 60);
    CHECK(submit(f, admin,
                 {{"action", "add_referent"}, {"service", "dcc"}, {"login", "pharmacien"}, {"departments", "37"}})
              .status == 403);
    CHECK(f.store->access().charges_of("pharmacien").empty());
    CHECK(f.store->audit().recent(10, "referent.").empty());
}
