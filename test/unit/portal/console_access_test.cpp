// The console's access requests in-process (issue 9): a referent sees and decides only their
// territory's requests, even by guessing URLs; each decision is a compare-and-set with its mail and
// audit entry; a stale login must reconnect (and comes back to the request); helpdesk reads and
// resends; bad input changes nothing.
#include <catch2/catch.hpp>

#include "access_catalogue.hpp"
#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"

using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::mails_to;
using esc::test::OidcFixture;
using esc::test::signed_in;
namespace domain = esc::domain;

namespace {

// A portal login (no authorization request) of `login` in `b`: where it sends the browser next.
std::string portal_login(OidcFixture& f, Browser& b, const std::string& login) {
    auto page = f.get(f.deps->endpoints.login, &b);
    b.take(page);
    auto r =
        f.post(f.deps->endpoints.login,
               {{"csrf", hidden_field(page.body, "csrf")}, {"login", login}, {"password", OidcFixture::kPassword}}, &b);
    REQUIRE(r.status == 303);
    b.take(r);
    return std::string(r.header("Location"));
}

std::int64_t id_of(OidcFixture& f, const std::string& login) {
    return f.store->accounts().find_by_login(login)->id;
}

// `login` asks for the DCC from the portal.
void ask(OidcFixture& f, const std::string& login) {
    auto b = signed_in(f, login);
    auto home = f.get("/", &b);
    REQUIRE(
        f.post(f.deps->endpoints.access_request, {{"csrf", hidden_field(home.body, "csrf")}, {"client_id", "dcc"}}, &b)
            .status == 303);
}

std::string record_url(OidcFixture& f, const std::string& login) {
    return f.deps->endpoints.console_access_record + "?account=" + std::to_string(id_of(f, login)) + "&service=dcc";
}

esc::http::Response decide(OidcFixture& f, Browser& b, const std::string& login, const std::string& decision,
                           const std::string& expected, const std::string& reason = "") {
    // The session's form token, from any page that has one (the portal's): a referent out of charge
    // cannot open the record, yet may forge the post.
    auto page = f.get("/", &b);
    return f.post(f.deps->endpoints.console_access_record,
                  {{"csrf", hidden_field(page.body, "csrf")},
                   {"account", std::to_string(id_of(f, login))},
                   {"service", "dcc"},
                   {"expected", expected},
                   {"decision", decision},
                   {"reason", reason}},
                  &b);
}

} // namespace

TEST_CASE("a referent sees and decides their territory's requests only, even by guessing the URL",
          "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "sagefemme"); // Rennes
    ask(f, "medecin");   // Nantes: the demo seed accepted it already, nothing asked
    auto rennes = signed_in(f, "coordo-rennes");
    auto list = f.get(f.deps->endpoints.console_access, &rennes);
    REQUIRE(list.status == 200);
    CHECK(list.body.find("Émilie BERNARD") != std::string::npos);
    CHECK(list.body.find("35000 Rennes") != std::string::npos);
    CHECK(list.body.find("Claire MOREAU") == std::string::npos);

    auto nantes = signed_in(f, "coordo-nantes");
    CHECK(f.get(f.deps->endpoints.console_access, &nantes).body.find("Émilie BERNARD") == std::string::npos);
    CHECK(f.get(record_url(f, "sagefemme"), &nantes).status == 404);
    auto forged = decide(f, nantes, "sagefemme", "accept", "to_process");
    CHECK(forged.status == 404);
    CHECK(f.store->access().find(id_of(f, "sagefemme"), "dcc")->state == domain::AccessState::to_process);

    // A professional without a console role: 403.
    auto stranger = signed_in(f, "dentiste");
    CHECK(f.get(f.deps->endpoints.console_access, &stranger).status == 403);

    auto record = f.get(record_url(f, "sagefemme"), &rennes);
    REQUIRE(record.status == 200);
    CHECK(record.body.find("Accepter la demande") != std::string::npos);
    CHECK(record.body.find("emilie.bernard@demo-esculape.example") != std::string::npos);
    auto accepted = decide(f, rennes, "sagefemme", "accept", "to_process", "Bienvenue au 3C");
    REQUIRE(accepted.status == 303);
    auto stored = f.store->access().find(id_of(f, "sagefemme"), "dcc");
    CHECK(stored->state == domain::AccessState::accepted);
    CHECK(stored->decided_by == "coordo-rennes");
    auto mail = mails_to(f, "emilie.bernard@demo-esculape.example");
    REQUIRE(mail.size() == 1);
    CHECK(mail[0].subject == "Votre accès à DCC est ouvert");
    CHECK(mail[0].text.find("Bienvenue au 3C") != std::string::npos);
    auto audit = f.store->audit().recent(1, "access.accept");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].actor == "coordo-rennes");
    CHECK(audit[0].before == R"({"state":"to_process"})");

    // The same form again (another tab): nothing changes, the page says why.
    auto again = decide(f, rennes, "sagefemme", "refuse", "to_process");
    CHECK(again.status == 409);
    CHECK(again.body.find("a changé depuis l’affichage") != std::string::npos);

    // The tile appears at the next page load.
    auto professional = signed_in(f, "sagefemme");
    CHECK(f.get("/", &professional).body.find("href=\"https://dcc.test/\"") != std::string::npos);

    // Refusing an accepted access revokes it.
    REQUIRE(decide(f, rennes, "sagefemme", "refuse", "accepted", "A quitté l’établissement").status == 303);
    CHECK(f.store->access().find(id_of(f, "sagefemme"), "dcc")->state == domain::AccessState::refused);
    CHECK(mails_to(f, "emilie.bernard@demo-esculape.example")[0].subject == "Votre accès à DCC a été retiré");
    CHECK(f.store->audit().recent(1, "access.revoke").size() == 1);
    auto history = f.get(record_url(f, "sagefemme"), &rennes);
    CHECK(history.body.find("Accès retiré") != std::string::npos);
    CHECK(history.body.find("Accepter finalement") != std::string::npos);
}

TEST_CASE("a decision needs a recent login; the referent reconnects and comes back to the request",
          "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "sagefemme");
    auto rennes = signed_in(f, "coordo-rennes");
    f.clock.advance(6 * 60); // past [console] reauthentication_after, within the session's life
    auto page = f.get(record_url(f, "sagefemme"), &rennes);
    CHECK(page.body.find("Me reconnecter") != std::string::npos);
    CHECK(page.body.find("Accepter la demande") == std::string::npos);
    auto stale = decide(f, rennes, "sagefemme", "accept", "to_process", "motif gardé");
    CHECK(stale.status == 403);
    CHECK(stale.body.find("motif gardé") != std::string::npos); // what was typed stays
    CHECK(f.store->access().find(id_of(f, "sagefemme"), "dcc")->state == domain::AccessState::to_process);

    auto out = f.post(f.deps->endpoints.console_access_reauth,
                      {{"csrf", hidden_field(page.body, "csrf")},
                       {"account", std::to_string(id_of(f, "sagefemme"))},
                       {"service", "dcc"}},
                      &rennes);
    REQUIRE(out.status == 303);
    rennes.take(out);
    CHECK(f.get(record_url(f, "sagefemme"), &rennes).status == 303); // the session is closed
    CHECK(portal_login(f, rennes, "coordo-rennes") == record_url(f, "sagefemme"));
    CHECK(decide(f, rennes, "sagefemme", "accept", "to_process").status == 303);
}

TEST_CASE("the link of a referent's mail comes back to the request after the login", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "sagefemme");
    Browser b;
    auto first = f.get(record_url(f, "sagefemme"), &b);
    REQUIRE(first.status == 303);
    CHECK(std::string(first.header("Location")) == f.deps->endpoints.login);
    b.take(first);
    CHECK(portal_login(f, b, "coordo-rennes") == record_url(f, "sagefemme"));
    // A forged cookie never leads off the console.
    Browser forged;
    forged.cookies["__Host-esc_return"] = "//evil.test/console/access";
    CHECK(portal_login(f, forged, "coordo-rennes") == f.deps->endpoints.portal);
}

TEST_CASE("helpdesk reads every request, decides none, and resends the referents' mail", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "sagefemme");
    auto helpdesk = signed_in(f, "kine");
    auto list = f.get(f.deps->endpoints.console_access, &helpdesk);
    CHECK(list.body.find("Émilie BERNARD") != std::string::npos);
    auto record = f.get(record_url(f, "sagefemme"), &helpdesk);
    CHECK(record.body.find("Accepter la demande") == std::string::npos);
    CHECK(record.body.find("Renvoyer la demande aux référents") != std::string::npos);
    CHECK(decide(f, helpdesk, "sagefemme", "accept", "to_process").status == 403);
    CHECK(f.store->access().find(id_of(f, "sagefemme"), "dcc")->state == domain::AccessState::to_process);
    REQUIRE(decide(f, helpdesk, "sagefemme", "resend", "to_process").status == 303);
    CHECK(mails_to(f, "3c-rennes@demo-esculape.example").size() == 2);
    CHECK(f.store->audit().recent(1, "access.resend")[0].actor == "kine");
}

TEST_CASE("console forms: missing, oversized or forged values change nothing", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "sagefemme");
    auto rennes = signed_in(f, "coordo-rennes");
    auto long_reason = decide(f, rennes, "sagefemme", "accept", "to_process", std::string(501, 'x'));
    CHECK(long_reason.status == 400);
    CHECK(long_reason.body.find("500 caractères") != std::string::npos);
    CHECK(decide(f, rennes, "sagefemme", "approve", "to_process").status == 400);
    CHECK(decide(f, rennes, "sagefemme", "accept", "limbo").status == 400);
    CHECK(decide(f, rennes, "sagefemme", "accept", "").status == 400);
    auto page = f.get(record_url(f, "sagefemme"), &rennes);
    auto post = [&](std::vector<std::pair<std::string, std::string>> form) {
        return f.post(f.deps->endpoints.console_access_record, form, &rennes);
    };
    CHECK(post({{"csrf", "forged"},
                {"account", std::to_string(id_of(f, "sagefemme"))},
                {"service", "dcc"},
                {"expected", "to_process"},
                {"decision", "accept"}})
              .status == 400);
    CHECK(post({{"csrf", hidden_field(page.body, "csrf")},
                {"account", "abc"},
                {"service", "dcc"},
                {"expected", "to_process"},
                {"decision", "accept"}})
              .status == 404);
    CHECK(post({{"csrf", hidden_field(page.body, "csrf")},
                {"account", std::to_string(id_of(f, "sagefemme"))},
                {"service", std::string(5000, 'd')},
                {"expected", "to_process"},
                {"decision", "accept"}})
              .status == 404);
    CHECK(f.post(f.deps->endpoints.console_access_record,
                 {{"csrf", hidden_field(page.body, "csrf")},
                  {"account", std::to_string(id_of(f, "sagefemme"))},
                  {"service", "dcc"},
                  {"expected", "to_process"},
                  {"decision", "accept"}},
                 &rennes, {{"Sec-Fetch-Site", "cross-site"}})
              .status == 403);
    CHECK(f.get(f.deps->endpoints.console_access + "?service=nope&state=limbo&before=x", &rennes).status == 200);
    CHECK(f.get(f.deps->endpoints.console_access_record + "?account=1", &rennes).status == 404);
    CHECK(f.store->access().find(id_of(f, "sagefemme"), "dcc")->state == domain::AccessState::to_process);
    CHECK(f.store->audit().recent(10, "access.accept").empty());
}

TEST_CASE("the list goes page by page, newest first, 50 a page", "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    for (int i = 0; i < 60; ++i) {
        domain::Account a;
        a.login = "pro" + std::to_string(i);
        a.email = a.login + "@example.test";
        domain::AccessRequest r;
        r.account_id = f.store->accounts().upsert(a);
        r.client_id = "dcc";
        r.requested_at = 1000 + i;
        r.postal_codes = {"35" + std::to_string(100 + i % 10)};
        domain::AuditEntry e;
        e.actor = a.login;
        e.action = "access.request";
        f.store->access().request(r, {}, e);
    }
    auto admin = signed_in(f, "admin");
    auto first = f.get(f.deps->endpoints.console_access + "?service=dcc", &admin);
    REQUIRE(first.status == 200);
    CHECK(first.body.find(">pro59<") != std::string::npos);
    CHECK(first.body.find(">pro10<") != std::string::npos);
    CHECK(first.body.find(">pro9<") == std::string::npos);
    const auto at = first.body.find("before=");
    REQUIRE(at != std::string::npos);
    const auto end = first.body.find('"', at);
    auto next = f.get(
        f.deps->endpoints.console_access + "?service=dcc&state=to_process&" + first.body.substr(at, end - at), &admin);
    CHECK(next.body.find(">pro9<") != std::string::npos);
    CHECK(next.body.find(">pro0<") != std::string::npos);
    CHECK(next.body.find(">pro10<") == std::string::npos);
    CHECK(next.body.find("Demandes suivantes") == std::string::npos);
}

TEST_CASE("a request no referent covers, for a service without default referents, reaches the administrators",
          "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "dentiste"); // Lille: neither Nantes nor Rennes, and the DCC here has no default referent
    auto request = f.store->access().find(id_of(f, "dentiste"), "dcc");
    REQUIRE(request);
    CHECK(request->uncovered);
    REQUIRE(mails_to(f, "admin@demo-esculape.example").size() == 1);
    CHECK(mails_to(f, "3c-rennes@demo-esculape.example").empty());
    auto admin = signed_in(f, "admin");
    CHECK(f.get(f.deps->endpoints.console_access, &admin).body.find("Antoine PETIT") != std::string::npos);
    auto rennes = signed_in(f, "coordo-rennes");
    CHECK(f.get(f.deps->endpoints.console_access, &rennes).body.find("Antoine PETIT") == std::string::npos);
}

TEST_CASE("nobody decides their own request, even as a referent in charge or an administrator",
          "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole +
                  "[[clients.dcc.referents]]\nlogin = \"sagefemme\"\ndepartments = [\"35\"]\n");
    ask(f, "sagefemme"); // Rennes: sagefemme is herself a referent of Rennes
    auto own = signed_in(f, "sagefemme");
    auto page = f.get(record_url(f, "sagefemme"), &own);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("C’est votre propre demande") != std::string::npos);
    CHECK(page.body.find("Accepter la demande") == std::string::npos);
    auto refused = decide(f, own, "sagefemme", "accept", "to_process");
    CHECK(refused.status == 403);
    CHECK(f.store->access().find(id_of(f, "sagefemme"), "dcc")->state == domain::AccessState::to_process);
    // The other referent of Rennes decides.
    auto rennes = signed_in(f, "coordo-rennes");
    CHECK(decide(f, rennes, "sagefemme", "accept", "to_process").status == 303);
}

TEST_CASE("helpdesk resends a professional's login and a password link, to the account's address only",
          "[unit][portal][access]") {
    OidcFixture f(esc::test::kAccessConsole);
    ask(f, "sagefemme");
    auto helpdesk = signed_in(f, "kine");
    CHECK(f.get(record_url(f, "sagefemme"), &helpdesk).body.find("Renvoyer l’identifiant") != std::string::npos);
    REQUIRE(decide(f, helpdesk, "sagefemme", "resend_credentials", "to_process").status == 303);
    auto mails = mails_to(f, "emilie.bernard@demo-esculape.example");
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].text.find("sagefemme") != std::string::npos);
    CHECK(mails[0].text.find("/password/reset?token=") != std::string::npos);
    CHECK(f.store->audit().recent(1, "account.resend_credentials")[0].actor == "kine");
    for (int i = 0; i < 2; ++i) // three an hour at most
        CHECK(decide(f, helpdesk, "sagefemme", "resend_credentials", "to_process").status == 303);
    CHECK(decide(f, helpdesk, "sagefemme", "resend_credentials", "to_process").status == 429);
    CHECK(mails_to(f, "emilie.bernard@demo-esculape.example").size() == 3);
    // A referent does not.
    auto rennes = signed_in(f, "coordo-rennes");
    CHECK(decide(f, rennes, "sagefemme", "resend_credentials", "to_process").status == 403);
}
