// The portal's services in-process: tiles for what the professional may use, the carousel of
// services on approval with « Demander l'accès », and the password expiry warning.
#include <catch2/catch.hpp>

#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::OidcFixture;

namespace {

const std::string kCatalogue =
    "[clients.dcc]\nname = \"DCC\"\ntype = \"public\"\ntoken_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
    "redirect_uris = [\"https://dcc.test/cb\"]\nfront_name = \"Dossier communicant\"\nfront_url = "
    "\"https://dcc.test/\"\n"
    "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\ntoken_endpoint_auth_method = \"none\"\n"
    "require_pkce = true\nredirect_uris = [\"https://msg.test/cb\"]\nfront_name = \"Messagerie sécurisée\"\n"
    "front_url = \"https://msg.test/\"\naccess = \"approval\"\n";

// A portal login of `login` in `b` (kine: no service granted by the demo seed).
void sign_in(OidcFixture& f, Browser& b, const std::string& login = "kine") {
    auto page = f.get(f.deps->endpoints.login, &b);
    b.take(page);
    auto r =
        f.post(f.deps->endpoints.login,
               {{"csrf", hidden_field(page.body, "csrf")}, {"login", login}, {"password", OidcFixture::kPassword}}, &b);
    REQUIRE(r.status == 303);
    b.take(r);
}

} // namespace

TEST_CASE("the portal shows open services as tiles and offers those on approval", "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Browser b;
    sign_in(f, b);
    auto home = f.get("/", &b);
    REQUIRE(home.status == 200);
    CHECK(home.body.find("href=\"https://dcc.test/\"") != std::string::npos);
    CHECK(home.body.find("href=\"https://msg.test/\"") == std::string::npos); // not a tile before approval
    CHECK(home.body.find("Demander l’accès") != std::string::npos);

    auto csrf = hidden_field(home.body, "csrf");
    auto asked = f.post("/access-request", {{"csrf", csrf}, {"client_id", "msg"}}, &b);
    CHECK(asked.status == 303);
    CHECK(f.post("/access-request", {{"csrf", csrf}, {"client_id", "msg"}}, &b).status == 303); // twice: one request
    const auto account = f.store->accounts().find_by_login("kine");
    auto requests = f.store->access().of_account(account->id);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].client_id == "msg");
    CHECK(requests[0].state == domain::AccessState::to_process);
    CHECK(requests[0].requested_at == f.clock.now());
    home = f.get("/", &b);
    CHECK(home.body.find("Demande en cours d’examen depuis le 14/11/2023") != std::string::npos);
    CHECK(home.body.find("Demander l’accès") == std::string::npos);
}

TEST_CASE("an access request needs the session, its form token and a service on approval", "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Browser b;
    sign_in(f, b);
    auto csrf = hidden_field(f.get("/", &b).body, "csrf");
    CHECK(f.post("/access-request", {{"csrf", "forged"}, {"client_id", "msg"}}, &b).status == 400);
    CHECK(f.post("/access-request", {{"csrf", csrf}, {"client_id", "dcc"}}, &b).status == 400); // open: nothing to ask
    CHECK(f.post("/access-request", {{"csrf", csrf}, {"client_id", "nope"}}, &b).status == 400);
    CHECK(f.post("/access-request", {{"csrf", csrf}, {"client_id", std::string(5000, 'x')}}, &b).status == 400);
    CHECK(f.post("/access-request", {{"csrf", csrf}, {"client_id", "msg"}}, &b, {{"Sec-Fetch-Site", "cross-site"}})
              .status == 403);
    Browser anonymous;
    auto r = f.post("/access-request", {{"csrf", csrf}, {"client_id", "msg"}}, &anonymous);
    CHECK(r.status == 303);
    CHECK(std::string(r.header("Location")) == f.deps->endpoints.login);
    CHECK(f.store->access().of_account(f.store->accounts().find_by_login("kine")->id).empty());
}

TEST_CASE("the portal warns of a password about to expire", "[unit][portal]") {
    OidcFixture f(kCatalogue);
    auto account = *f.store->accounts().find_by_login("medecin");
    account.password_changed_at = f.clock.now() - 110 * 86400;
    f.store->accounts().upsert(account);
    Browser b;
    sign_in(f, b, "medecin");
    CHECK(f.get("/", &b).body.find("Votre mot de passe expire dans 10 jour(s)") != std::string::npos);
    account.password_changed_at = f.clock.now();
    f.store->accounts().upsert(account);
    CHECK(f.get("/", &b).body.find("Votre mot de passe expire") == std::string::npos);
}
