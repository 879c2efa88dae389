// Login and step-up by CPS card in-process: the certificates and CRLs are the real ones of
// certs/make-test-pki; the TLS layer's verdict is what the browser's certificate carries.
#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <sstream>

#include "crypto/encoding.hpp"
#include "crypto/revocation.hpp"
#include "http/form.hpp"
#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"
#include "support/test_pki.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::finish;
using esc::test::Flow;
using esc::test::hidden_field;
using esc::test::jwt_payload;
using esc::test::OidcFixture;
using esc::test::post_password;
using esc::test::query_param;
using esc::test::start;
using esc::test::test_pki;

namespace {

const std::string kMessagerie = "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\n"
                                "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                                "redirect_uris = [\"https://msg.test/cb\"]\n"
                                "grant_types = [\"authorization_code\", \"refresh_token\"]\nmin_acr = \"eidas3\"\n";

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A server that takes CPS cards, the test PKI's CRLs in force (or its stale one).
struct CardFixture : OidcFixture {
    crypto::CrlHolder crls;
    explicit CardFixture(const std::string& extra = "", bool stale = false) : OidcFixture(extra) {
        deps->login_methods.push_back(domain::LoginMethod::card);
        const auto& pki = test_pki();
        auto ca = read(pki.client_ca_file);
        std::vector<crypto::LoadedCrl> loaded{crypto::load_crl(stale ? pki.stale_crl_file : pki.crl_file, ca),
                                              crypto::load_crl(pki.root_crl_file, ca)};
        crls.replace(std::make_shared<crypto::CrlSet>(std::move(loaded)));
        deps->card_crls = &crls;
    }
};

http::Response post_card(OidcFixture& f, Browser& b, const http::Response& page) {
    return f.post(f.deps->endpoints.login_card,
                  {{"csrf", hidden_field(page.body, "csrf")}, {"interaction", hidden_field(page.body, "interaction")}},
                  &b);
}

// The card form posted on the flow's login page, then the code exchanged.
test::Tokens tokens_by_card(OidcFixture& f, Browser& b, Flow& flow) {
    auto location = finish(f, b, post_card(f, b, flow.login_page), flow.code);
    flow.code.code = query_param(location, "code");
    return f.exchange(flow.code);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a CPS card logs its professional in at eidas3, in every token and answer", "[unit][portal][card]") {
    CardFixture f;
    Browser b;
    b.certificate = test_pki().card("899700000112");
    auto flow = start(f, b, OidcFixture::kConfidential, {{"acr_values", "eidas1"}});
    REQUIRE(flow.login_page.status == 200);
    CHECK(contains(flow.login_page.body, "Se connecter avec ma carte CPS"));
    CHECK(contains(flow.login_page.body, "899700000112"));
    CHECK(contains(flow.login_page.body, "name=\"password\"")); // eidas1 asked: the password is offered too

    auto tokens = tokens_by_card(f, b, flow);
    REQUIRE(tokens.status == 200);
    auto id = jwt_payload(tokens.id_token());
    CHECK(id["acr"] == "eidas3");
    CHECK(id["authMode"] == "CARD");
    CHECK(id["auth_level"] == 3);
    CHECK(id["amr"] == nlohmann::json{"hwk", "sc", "pin", "mfa"});
    CHECK(id["sub"] == "899700000112");
    auto access = jwt_payload(tokens.access_token());
    CHECK(access["acr"] == "eidas3");
    CHECK(access["authMode"] == "CARD");

    auto info = f.get(f.deps->endpoints.userinfo, nullptr, {{"Authorization", "Bearer " + tokens.access_token()}});
    REQUIRE(info.status == 200);
    auto claims = nlohmann::json::parse(info.body);
    CHECK(claims["Palier_Authentification"] == "APPPRIP3^1.2.250.1.213.1.5.1.1.1");
    CHECK(claims["authMode"] == "CARD");

    auto intro =
        f.post(f.deps->endpoints.introspection, {{"token", tokens.access_token()}}, nullptr, {OidcFixture::basic()});
    auto answer = nlohmann::json::parse(intro.body);
    CHECK(answer["active"] == true);
    CHECK(answer["acr"] == "eidas3");
    CHECK(answer["authMode"] == "CARD");

    const auto account = f.store->accounts().find_by_national_id("899700000112");
    REQUIRE(account);
    auto logins = f.store->accounts().recent_logins(account->id, 5);
    REQUIRE_FALSE(logins.empty());
    CHECK(logins.front().method == "card");
}

TEST_CASE("the first card login of a professional of the directory opens their account", "[unit][portal][card]") {
    CardFixture f;
    REQUIRE_FALSE(f.store->accounts().find_by_national_id("899700001011"));
    Browser b;
    b.certificate = test_pki().card("899700001011");
    auto flow = start(f, b, OidcFixture::kConfidential);
    auto tokens = tokens_by_card(f, b, flow);
    REQUIRE(tokens.status == 200);
    CHECK(jwt_payload(tokens.id_token())["sub"] == "899700001011");

    auto account = f.store->accounts().find_by_national_id("899700001011");
    REQUIRE(account);
    CHECK(account->password_hash.empty()); // a card account: no password until one is set
    CHECK(f.store->accounts().profile(account->id)->family_name == "DURAND");
    CHECK(f.store->outbox().recent(10, std::nullopt).empty()); // no address yet: no mail

    // The next card login (another browser) finds the same account.
    Browser other;
    other.certificate = test_pki().card("899700001011");
    auto again = start(f, other, OidcFixture::kConfidential);
    finish(f, other, post_card(f, other, again.login_page), again.code);
    CHECK(f.store->accounts().find_by_national_id("899700001011")->id == account->id);
}

TEST_CASE("a card is refused with a clear message when it cannot be trusted", "[unit][portal][card]") {
    CardFixture f;
    struct Case {
        const char* name;
        std::optional<http::ClientCertificate> certificate;
        int status;
        const char* message;
    };
    const auto& pki = test_pki();
    const Case cases[] = {
        {"no card", std::nullopt, 401, "Aucune carte CPS n’a été présentée"},
        {"expired", pki.card("expired", false, "certificate has expired"), 401, "a expiré"},
        {"unknown CA", pki.card("unknown-ca", false, "unable to get local issuer certificate"), 401,
         "autorité de certification reconnue"},
        {"revoked", pki.card("revoked"), 403, "mise en opposition"},
        {"not in the directory", pki.card("staff-cpe"), 403, "n’est pas celle d’un professionnel de l’annuaire"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        Browser b;
        b.certificate = c.certificate;
        auto flow = start(f, b, OidcFixture::kConfidential);
        auto r = post_card(f, b, flow.login_page);
        CHECK(r.status == c.status);
        CHECK(contains(r.body, c.message));
        CHECK_FALSE(b.cookies.count(endpoints::kSessionCookie));
        // The interaction is still waiting: another method can be used.
        CHECK(f.interactions->find(hidden_field(flow.login_page.body, "interaction"), f.clock.now())->state ==
              domain::InteractionState::awaiting_login);
    }
}

TEST_CASE("a CRL past its nextUpdate refuses every card of its CA (fail closed)", "[unit][portal][card]") {
    CardFixture f("", true);
    f.clock.set(std::time(nullptr)); // the stale CRL's nextUpdate was yesterday
    Browser b;
    b.certificate = test_pki().card("899700000112");
    auto flow = start(f, b, OidcFixture::kConfidential);
    auto r = post_card(f, b, flow.login_page);
    CHECK(r.status == 503);
    CHECK(contains(r.body, "liste des cartes révoquées n’est pas à jour"));
    CHECK(f.crls.current()->stale(f.clock.now()).empty() == false);
}

TEST_CASE("the fresh CRL becomes stale once the clock passes its nextUpdate", "[unit][portal][card]") {
    CardFixture f;
    f.clock.set(f.crls.current()->by_issuer().begin()->second.next_update + 1);
    Browser b;
    b.certificate = test_pki().card("899700000252");
    auto flow = start(f, b, OidcFixture::kConfidential);
    CHECK(post_card(f, b, flow.login_page).status == 503);
}

TEST_CASE("a card login needs the form's token and a server that takes cards", "[unit][portal][card]") {
    SECTION("forged form") {
        CardFixture f;
        Browser b;
        b.certificate = test_pki().card("899700000112");
        auto flow = start(f, b, OidcFixture::kConfidential);
        auto r = f.post(f.deps->endpoints.login_card,
                        {{"csrf", "forged"}, {"interaction", hidden_field(flow.login_page.body, "interaction")}}, &b);
        CHECK(r.status == 400);
        CHECK_FALSE(b.cookies.count(endpoints::kSessionCookie));
    }
    SECTION("cards not taken here") {
        OidcFixture f;
        Browser b;
        b.certificate = test_pki().card("899700000112");
        auto flow = start(f, b, OidcFixture::kConfidential);
        CHECK_FALSE(contains(flow.login_page.body, "Se connecter avec ma carte CPS"));
        auto r = post_card(f, b, flow.login_page);
        CHECK(r.status == 400);
        CHECK(contains(r.body, "pas activée"));
    }
}

TEST_CASE("a service at eidas3 steps a password session up with the card, in the same session",
          "[unit][portal][card][step-up]") {
    CardFixture f(kMessagerie);
    Browser b;
    // A password login for an ordinary service first.
    auto first = start(f, b, OidcFixture::kConfidential);
    finish(f, b, post_password(f, b, first.login_page, "medecin"), first.code);
    const auto before = f.store->sessions().for_account(f.store->accounts().find_by_login("medecin")->id).at(0);
    CHECK(before.auth.acr == "eidas1");

    // Secure messaging asks for more: only the card is offered, and the page says why.
    auto flow = start(f, b, "msg");
    REQUIRE(flow.login_page.status == 200);
    CHECK(contains(flow.login_page.body, "Vous êtes déjà connecté·e. Messagerie demande une connexion par carte CPS"));
    CHECK(contains(flow.login_page.body, "Se connecter avec ma carte CPS"));
    CHECK_FALSE(contains(flow.login_page.body, "name=\"password\""));
    // A password posted anyway is refused.
    auto forced = post_password(f, b, flow.login_page, "medecin");
    CHECK(forced.status == 400);

    SECTION("the card of someone else is refused") {
        b.certificate = test_pki().card("899700000252");
        auto r = post_card(f, b, flow.login_page);
        CHECK(r.status == 403);
        CHECK(contains(r.body, "autre professionnel"));
        CHECK(f.store->sessions().find(before.id_hash)->auth.acr == "eidas1");
    }
    SECTION("the professional's own card raises the session") {
        b.certificate = test_pki().card("899700000112");
        f.clock.advance(60);
        auto tokens = tokens_by_card(f, b, flow);
        REQUIRE(tokens.status == 200);
        auto id = jwt_payload(tokens.id_token());
        CHECK(id["acr"] == "eidas3");
        CHECK(id["authMode"] == "CARD");
        CHECK(id["amr"] == nlohmann::json{"pwd", "hwk", "sc", "pin", "mfa"});
        CHECK(id["auth_time"] == f.clock.now());
        CHECK(id["sid"] == before.sid); // the same SSO session
        auto after = f.store->sessions().find_by_sid(before.sid);
        REQUIRE(after);
        CHECK(after->id_hash != before.id_hash); // a new cookie with the new level
        CHECK_FALSE(f.store->sessions().find(before.id_hash));
        CHECK(after->auth.acr == "eidas3");
        CHECK(after->auth.methods == std::vector<std::string>{"password", "card"});

        // From now on both services answer without a login.
        auto again = start(f, b, "msg");
        CHECK_FALSE(again.code.code.empty());
    }
}

TEST_CASE("step-up cannot be asked with prompt=none", "[unit][portal][step-up]") {
    CardFixture f(kMessagerie);
    Browser b;
    auto first = start(f, b, OidcFixture::kConfidential);
    finish(f, b, post_password(f, b, first.login_page, "medecin"), first.code);
    auto flow = start(f, b, "msg", {{"prompt", "none"}});
    std::string location(flow.login_page.header("Location"));
    CHECK(location.rfind("https://msg.test/cb", 0) == 0);
    CHECK(query_param(location, "error") == "login_required");
}

TEST_CASE("acr_values: voluntary levels go as far as the methods here, essential ones must be met",
          "[unit][portal][step-up]") {
    SECTION("a voluntary eidas3 with cards taken: the page asks for the card") {
        CardFixture f;
        Browser b;
        auto flow = start(f, b, OidcFixture::kConfidential, {{"acr_values", "eidas3"}});
        CHECK(contains(flow.login_page.body, "demande une connexion par carte CPS"));
        CHECK_FALSE(contains(flow.login_page.body, "name=\"password\""));
    }
    SECTION("a voluntary eidas3 without cards: the password, answered at eidas1") {
        OidcFixture f;
        Browser b;
        auto flow = start(f, b, OidcFixture::kConfidential, {{"acr_values", "eidas3"}});
        auto location = finish(f, b, post_password(f, b, flow.login_page, "medecin"), flow.code);
        flow.code.code = query_param(location, "code");
        CHECK(jwt_payload(f.exchange(flow.code).id_token())["acr"] == "eidas1");
    }
    SECTION("an essential eidas3 without cards: the page says nothing here can reach it") {
        OidcFixture f;
        Browser b;
        auto flow = start(f, b, OidcFixture::kConfidential,
                          {{"claims", R"({"id_token":{"acr":{"essential":true,"values":["eidas3"]}}})"}});
        REQUIRE(flow.login_page.status == 200);
        CHECK(contains(flow.login_page.body, "qui n’est pas proposée sur ce serveur"));
        CHECK_FALSE(contains(flow.login_page.body, "name=\"password\""));
    }
    SECTION("a service's eidas3 without cards: the same") {
        OidcFixture f(kMessagerie);
        Browser b;
        auto flow = start(f, b, "msg");
        CHECK(contains(flow.login_page.body, "Messagerie demande une connexion par carte CPS, qui n’est pas proposée"));
    }
}

TEST_CASE("prompt=login and max_age re-authenticate at the session's level", "[unit][portal][step-up]") {
    CardFixture f;
    Browser b;
    b.certificate = test_pki().card("899700000112");
    auto first = start(f, b, OidcFixture::kConfidential);
    finish(f, b, post_card(f, b, first.login_page), first.code);
    for (auto extra : {http::FormParams::Param{"prompt", "login"}, http::FormParams::Param{"max_age", "0"}}) {
        INFO(extra.name);
        auto flow = start(f, b, OidcFixture::kConfidential, {extra});
        REQUIRE(flow.login_page.status == 200);
        CHECK(contains(flow.login_page.body, "Se connecter avec ma carte CPS"));
        CHECK_FALSE(contains(flow.login_page.body, "name=\"password\"")); // not lower than the card
    }
}
