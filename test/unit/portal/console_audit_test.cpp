// The console's audit log in-process: administrators only, filters by action prefix and actor, the
// CSV export (quoted, no spreadsheet formula), and a bad filter said next to the field.
#include <catch2/catch.hpp>

#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::OidcFixture;

namespace {
const std::string kConsole = "[console]\nadministrators = [\"pharmacien\"]\nmin_acr = \"eidas1\"\n";

void log(OidcFixture& f, const std::string& actor, const std::string& action, const std::string& after) {
    domain::AuditEntry e;
    e.at = f.clock.now();
    e.actor = actor;
    e.action = action;
    e.target = "workstation_certificate:abc";
    e.after = after;
    e.address = "192.0.2.7";
    f.store->audit().append(e);
}
} // namespace

TEST_CASE("administrators read and export the audit log, filtered", "[unit][portal][audit]") {
    OidcFixture f(kConsole);
    log(f, "medecin", "workstation_certificate.request", R"j({"workstation":"=CMD()"})j");
    log(f, "pharmacien", "workstation_certificate.approve", R"({"state":"approved"})");
    log(f, "pharmacien", "access.decide", R"({"state":"accepted"})");

    Browser nurse;
    f.code_flow(OidcFixture::kPublic, nurse, "infirmier");
    CHECK(f.get(f.deps->endpoints.console_audit, &nurse).status == 403);

    Browser admin;
    f.code_flow(OidcFixture::kPublic, admin, "pharmacien");
    auto all = f.get(f.deps->endpoints.console_audit, &admin);
    REQUIRE(all.status == 200);
    CHECK(all.body.find("access.decide") < all.body.find("workstation_certificate.request")); // newest first

    auto certificates = f.get(f.deps->endpoints.console_audit + "?action=workstation_certificate.", &admin);
    CHECK(certificates.body.find("access.decide") == std::string::npos);
    CHECK(certificates.body.find("workstation_certificate.approve") != std::string::npos);
    auto by_actor = f.get(f.deps->endpoints.console_audit + "?actor=medecin", &admin);
    CHECK(by_actor.body.find("workstation_certificate.approve") == std::string::npos);
    CHECK(by_actor.body.find("workstation_certificate.request") != std::string::npos);

    auto csv = f.get(f.deps->endpoints.console_audit + "?actor=medecin&format=csv", &admin);
    REQUIRE(csv.status == 200);
    CHECK(std::string(csv.header("Content-Type")).rfind("text/csv", 0) == 0);
    CHECK(csv.body.rfind("id,date,acteur,action,objet,avant,apres,adresse,session\r\n", 0) == 0);
    CHECK(csv.body.find(",medecin,workstation_certificate.request,") != std::string::npos);
    CHECK(csv.body.find("192.0.2.7") != std::string::npos);
    CHECK(csv.body.find("pharmacien") == std::string::npos);

    auto bad = f.get(f.deps->endpoints.console_audit + "?action=DROP%20TABLE", &admin);
    CHECK(bad.status == 400);
    CHECK(bad.body.find("id=\"filtre-erreur\"") != std::string::npos);
    CHECK(bad.body.find("value=\"DROP TABLE\"") != std::string::npos); // what was typed stays
}

TEST_CASE("without administrators there is no console", "[unit][portal][audit]") {
    OidcFixture f;
    Browser b;
    f.code_flow(OidcFixture::kPublic, b, "pharmacien");
    CHECK(f.get("/console/audit", &b).status == 404);
}
