// Enforcement of the services' access policy (issue 9), in-process with a fake clock: the
// authorization endpoint refuses a service the professional may not use (a page offering to ask,
// or access_denied with prompt=none); the request reaches the referents of the professional's
// territory only; once accepted, the service gets a code without a new login; revoked, its refresh
// tokens, access tokens (introspection, userinfo) stop at once.
#include <catch2/catch.hpp>

#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"

using esc::test::Browser;
using esc::test::OidcFixture;
namespace domain = esc::domain;

namespace {

const std::string kServices =
    std::string("[clients.dcc]\nname = \"Dossier Communicant de Cancérologie\"\n") +
    "type = \"confidential\"\ntoken_endpoint_auth_method = \"client_secret_basic\"\n"
    "secret = \"" +
    OidcFixture::kSecret +
    "\"\nredirect_uris = [\"https://dcc.test/cb\"]\n"
    "grant_types = [\"authorization_code\", \"refresh_token\"]\n"
    "front_name = \"DCC\"\nfront_url = \"https://dcc.test/\"\naccess = \"approval\"\n"
    "[[clients.dcc.referents]]\nlogin = \"coordo-nantes\"\ndepartments = [\"44\", \"85\"]\n"
    "[[clients.dcc.referents]]\nlogin = \"coordo-rennes\"\ndepartments = [\"35\"]\n"
    "[[clients.dcc.referents]]\nlogin = \"admin\"\ndefault = true\n"
    "[clients.nurses]\nname = \"Soins infirmiers\"\ntype = \"confidential\"\n"
    "token_endpoint_auth_method = \"client_secret_basic\"\nsecret = \"" +
    OidcFixture::kSecret +
    "\"\nredirect_uris = [\"https://nurses.test/cb\"]\n"
    "grant_types = [\"authorization_code\"]\naccess = \"restricted\"\nprofessions = [\"60\"]\n";

std::vector<domain::OutboundMail> mails_to(OidcFixture& f, const std::string& to) {
    std::vector<domain::OutboundMail> out;
    for (const auto& m : f.store->outbox().recent(100, std::nullopt))
        if (m.recipient == to) out.push_back(m);
    return out;
}

nlohmann::json introspect(OidcFixture& f, const std::string& token) {
    auto r = f.post(f.deps->endpoints.introspection, {{"token", token}}, nullptr, {OidcFixture::basic("dcc")});
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body);
}

std::int64_t id_of(OidcFixture& f, const std::string& login) {
    return f.store->accounts().find_by_login(login)->id;
}

// `login` logs in for `client` in `b`; what authorize answers after the login.
esc::http::Response after_login(OidcFixture& f, Browser& b, const std::string& client, const std::string& login) {
    auto flow = esc::test::start(f, b, client);
    auto after = esc::test::post_password(f, b, flow.login_page, login);
    REQUIRE(after.status == 303);
    return f.get(std::string(after.header("Location")), &b);
}

esc::http::Response ask(OidcFixture& f, Browser& b, const esc::http::Response& page, const std::string& client) {
    return f.post(f.deps->endpoints.access_request,
                  {{"csrf", esc::test::hidden_field(page.body, "csrf")}, {"client_id", client}}, &b);
}

domain::AuditEntry by(const std::string& actor) {
    domain::AuditEntry e;
    e.actor = actor;
    e.action = "access.test";
    return e;
}

} // namespace

TEST_CASE("a service on approval: the page offers to ask; only the territory's referent gets the mail",
          "[unit][oidc][access]") {
    OidcFixture f(kServices);
    Browser b;
    // sagefemme practises in Rennes (35000).
    auto refused = after_login(f, b, "dcc", "sagefemme");
    CHECK(refused.status == 403);
    CHECK(refused.body.find("Accès à DCC") != std::string::npos);
    CHECK(refused.body.find("Demander l’accès") != std::string::npos);

    // prompt=none: the relying party gets access_denied, no page.
    auto silent = esc::test::start(f, b, "dcc", {{"prompt", "none"}});
    auto location = std::string(silent.login_page.header("Location"));
    CHECK(esc::test::query_param(location, "error") == "access_denied");
    CHECK(esc::test::query_param(location, "state") == "s");

    REQUIRE(ask(f, b, refused, "dcc").status == 303);
    auto request = f.store->access().find(id_of(f, "sagefemme"), "dcc");
    REQUIRE(request);
    CHECK(request->state == domain::AccessState::to_process);
    CHECK(request->postal_codes == std::vector<std::string>{"35000"});
    CHECK_FALSE(request->uncovered);
    auto rennes = mails_to(f, "3c-rennes@demo-esculape.example");
    REQUIRE(rennes.size() == 1);
    CHECK(rennes[0].subject == "Demande d’accès à Dossier Communicant de Cancérologie : Émilie BERNARD");
    CHECK(rennes[0].text.find("Sage-femme") != std::string::npos);
    CHECK(rennes[0].text.find("emilie.bernard@demo-esculape.example") != std::string::npos);
    CHECK(rennes[0].text.find("35000 Rennes") != std::string::npos);
    CHECK(rennes[0].text.find("/console/access/request?account=" + std::to_string(request->account_id) +
                              "&service=dcc") != std::string::npos);
    CHECK(mails_to(f, "3c-nantes@demo-esculape.example").empty());
    CHECK(mails_to(f, "admin@demo-esculape.example").empty());
    auto audit = f.store->audit().recent(5, "access.request");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].actor == "sagefemme");
    CHECK(audit[0].address == "192.0.2.10");

    // Asked again (another tab): nothing more is sent.
    ask(f, b, refused, "dcc");
    CHECK(mails_to(f, "3c-rennes@demo-esculape.example").size() == 1);

    // Waiting: the page says so, without a button.
    auto waiting = esc::test::start(f, b, "dcc");
    CHECK(waiting.login_page.status == 403);
    CHECK(waiting.login_page.body.find("attend la décision") != std::string::npos);
    CHECK(waiting.login_page.body.find("Demander l’accès") == std::string::npos);
}

TEST_CASE("a request from outside every territory goes to the default referent, flagged", "[unit][oidc][access]") {
    OidcFixture f(kServices);
    Browser b;
    auto refused = after_login(f, b, "dcc", "dentiste"); // Lille
    REQUIRE(refused.status == 403);
    ask(f, b, refused, "dcc");
    auto request = f.store->access().find(id_of(f, "dentiste"), "dcc");
    REQUIRE(request);
    CHECK(request->uncovered);
    auto admin = mails_to(f, "admin@demo-esculape.example");
    REQUIRE(admin.size() == 1);
    CHECK(admin[0].text.find("aucun référent ne couvre") != std::string::npos);
    CHECK(mails_to(f, "3c-rennes@demo-esculape.example").empty());
    CHECK(mails_to(f, "3c-nantes@demo-esculape.example").empty());
}

TEST_CASE("accepted, the service gets a code without a new login; revoked, its tokens stop at once",
          "[unit][oidc][access]") {
    OidcFixture f(kServices);
    Browser b;
    REQUIRE(after_login(f, b, "dcc", "sagefemme").status == 403);
    const auto id = id_of(f, "sagefemme");
    REQUIRE(f.store->access().grant(id, "dcc", "coordo-rennes", f.clock.now(), {}, by("coordo-rennes")));

    auto again = esc::test::start(f, b, "dcc"); // the SSO session: straight back with a code
    REQUIRE_FALSE(again.code.code.empty());
    auto tokens = f.exchange(again.code);
    REQUIRE(tokens.status == 200);
    CHECK(introspect(f, tokens.access_token()).value("active", false));
    auto info =
        f.get(f.path_of(f.deps->endpoints.userinfo), nullptr, {{"Authorization", "Bearer " + tokens.access_token()}});
    CHECK(info.status == 200);
    auto refreshed = f.refresh("dcc", tokens.refresh_token());
    REQUIRE(refreshed.status == 200);

    f.clock.advance(1);
    REQUIRE(f.store->access().decide(id, "dcc", domain::AccessState::accepted, domain::AccessState::refused,
                                     "coordo-rennes", "a quitté le 3C", f.clock.now(), {}, by("coordo-rennes")));
    CHECK_FALSE(introspect(f, refreshed.access_token()).value("active", true));
    auto denied = f.get(f.path_of(f.deps->endpoints.userinfo), nullptr,
                        {{"Authorization", "Bearer " + refreshed.access_token()}});
    CHECK(denied.status == 401);
    auto no_more = f.refresh("dcc", refreshed.refresh_token());
    CHECK(no_more.status == 400);
    CHECK(no_more.body.value("error", "") == "invalid_grant");
    // Accepted again, the revoked family stays revoked: a new login is needed for new tokens.
    REQUIRE(f.store->access().decide(id, "dcc", domain::AccessState::refused, domain::AccessState::accepted,
                                     "coordo-rennes", "", f.clock.now(), {}, by("coordo-rennes")));
    CHECK(f.refresh("dcc", refreshed.refresh_token()).status == 400);
    auto refused_page = esc::test::start(f, b, "dcc");
    CHECK_FALSE(refused_page.code.code.empty());
}

TEST_CASE("a service restricted to professions: others see why, with nothing to ask", "[unit][oidc][access]") {
    OidcFixture f(kServices);
    Browser nurse;
    auto flow = esc::test::start(f, nurse, "nurses");
    auto after = esc::test::post_password(f, nurse, flow.login_page, "infirmier");
    esc::test::finish(f, nurse, after, flow.code);

    Browser doctor;
    auto other = esc::test::start(f, doctor, "nurses");
    auto refused = f.get(
        std::string(esc::test::post_password(f, doctor, other.login_page, "medecin").header("Location")), &doctor);
    CHECK(refused.status == 403);
    CHECK(refused.body.find("réservé à d’autres professions") != std::string::npos);
    CHECK(refused.body.find("Demander") == std::string::npos);
    // Nor can a forged request ask for it.
    CHECK(ask(f, doctor, refused, "nurses").status == 400);
    CHECK(f.store->access().of_account(id_of(f, "medecin")).size() == 2); // the demo's dcc and messagerie only
}
