// Passkeys in-process, with a software authenticator (test/support/soft_authenticator): registration
// from « Mon compte » after an eidas2 login only, login and step-up from the login page, and each
// refusal: no user verification, a replayed or cloned assertion, another origin, an unknown or
// revoked passkey, someone else's passkey in a step-up.
#include <catch2/catch.hpp>

#include <sstream>

#include "app/ocra_tokens.hpp"
#include "crypto/ocra.hpp"
#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"
#include "support/soft_authenticator.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::jwt_payload;
using esc::test::OidcFixture;
using esc::test::SoftAuthenticator;
using Json = nlohmann::json;

namespace {

const std::string kPasskeys = "[passkey]\nenabled = true\n[ocra]\nenabled = true\n"
                              "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\n"
                              "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                              "redirect_uris = [\"https://msg.test/cb\"]\nmin_acr = \"eidas2\"\n";
const std::string kOrigin = "https://idp.test";
const std::string kSeed = "12345678901234567890";

std::string unescape(std::string s) {
    const std::pair<const char*, const char*> entities[] = {
        {"&quot;", "\""}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities)
        for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + 1))
            s.replace(pos, std::string_view(from).size(), to);
    return s;
}

Json passkey_options(const http::Response& page) {
    auto at = page.body.find("data-passkey=\"");
    REQUIRE(at != std::string::npos);
    at += 14;
    return Json::parse(unescape(page.body.substr(at, page.body.find('"', at) - at)));
}

// The challenge token of the passkey form (the page may hold other forms' `challenge`).
std::string passkey_token(const http::Response& page) {
    auto at = page.body.find("data-passkey=\"");
    return hidden_field(page.body.substr(at), "challenge");
}

// A portal session at eidas2, by CPS calculator.
void strong_login(OidcFixture& f, Browser& b) {
    std::ostringstream out, err;
    app::import_ocra_tokens(*f.store, f.kek, "C1;medecin;3132333435363738393031323334353637383930\n", {true},
                            f.clock.now(), out, err);
    auto login = f.get(f.deps->endpoints.login, &b);
    auto page = f.post(f.deps->endpoints.login_ocra,
                       {{"csrf", hidden_field(login.body, "csrf")}, {"interaction", ""}, {"login", "medecin"}}, &b);
    auto token = hidden_field(page.body, "challenge");
    crypto::OcraInput in;
    in.question = token.substr(0, token.find('.'));
    auto response = *crypto::ocra_response(*crypto::parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QN08"),
                                           {reinterpret_cast<const unsigned char*>(kSeed.data()), kSeed.size()}, in);
    auto done = f.post(f.deps->endpoints.login_ocra_answer,
                       {{"csrf", hidden_field(page.body, "csrf")},
                        {"interaction", ""},
                        {"login", "medecin"},
                        {"challenge", token},
                        {"response", response}},
                       &b);
    REQUIRE(done.status == 303);
}

http::Response register_passkey(OidcFixture& f, Browser& b, SoftAuthenticator& authenticator,
                                const std::string& name = "Téléphone") {
    auto page = f.get(f.deps->endpoints.account_passkeys, &b);
    REQUIRE(page.status == 200);
    auto answer = authenticator.create(passkey_options(page), kOrigin);
    return f.post(f.deps->endpoints.account_passkeys,
                  {{"csrf", hidden_field(page.body, "csrf")},
                   {"action", "register"},
                   {"name", name},
                   {"challenge", passkey_token(page)},
                   {"credential_id", answer.credential_id},
                   {"client_data", answer.client_data},
                   {"attestation", answer.attestation}},
                  &b);
}

std::vector<std::pair<std::string, std::string>> assertion_form(const http::Response& login_page,
                                                                const test::PasskeyAnswer& a) {
    return {{"csrf", hidden_field(login_page.body, "csrf")},
            {"interaction", hidden_field(login_page.body, "interaction")},
            {"challenge", passkey_token(login_page)},
            {"credential_id", a.credential_id},
            {"client_data", a.client_data},
            {"authenticator_data", a.authenticator_data},
            {"signature", a.signature}};
}

std::string redeem(OidcFixture& f, Browser& b, test::Flow& flow, const http::Response& after_login) {
    auto tokens = test::redeem(f, b, after_login, flow.code);
    REQUIRE(tokens.status == 200);
    return tokens.id_token();
}

} // namespace

TEST_CASE("a passkey is registered only from a strong session", "[unit][portal][passkey]") {
    OidcFixture f(kPasskeys);
    Browser weak;
    f.code_flow(OidcFixture::kPublic, weak); // password: eidas1
    auto page = f.get(f.deps->endpoints.account_passkeys, &weak);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("connectez-vous d’abord avec un moyen renforcé") != std::string::npos);
    CHECK(page.body.find("data-passkey") == std::string::npos);
    auto account_page = f.get(f.deps->endpoints.account, &weak); // its forms carry the session's CSRF token
    auto refused =
        f.post(f.deps->endpoints.account_passkeys,
               {{"csrf", hidden_field(account_page.body, "csrf")}, {"action", "register"}, {"name", "X"}}, &weak);
    CHECK(refused.status == 403);

    Browser strong;
    strong_login(f, strong);
    SoftAuthenticator authenticator;
    auto done = register_passkey(f, strong, authenticator);
    REQUIRE(done.status == 200);
    CHECK(done.body.find("La clé d’accès « Téléphone » est enregistrée") != std::string::npos);
    CHECK(done.body.find("<td>Téléphone</td>") != std::string::npos);
    CHECK(std::string(done.header("Content-Security-Policy")).find("script-src 'sha256-") != std::string::npos);
    auto id = f.store->accounts().find_by_login("medecin")->id;
    REQUIRE(f.store->credentials().passkeys_of(id).size() == 1);

    SECTION("the same answer cannot register twice, nor an empty name, nor without the browser's answer") {
        auto page2 = f.get(f.deps->endpoints.account_passkeys, &strong);
        auto no_name =
            f.post(f.deps->endpoints.account_passkeys,
                   {{"csrf", hidden_field(page2.body, "csrf")}, {"action", "register"}, {"name", "  "}}, &strong);
        CHECK(no_name.status == 400);
        CHECK(no_name.body.find("id=\"nom-cle-erreur\"") != std::string::npos);
        auto no_script = f.post(f.deps->endpoints.account_passkeys,
                                {{"csrf", hidden_field(page2.body, "csrf")},
                                 {"action", "register"},
                                 {"name", "Ordinateur"},
                                 {"challenge", passkey_token(page2)}},
                                &strong);
        CHECK(no_script.status == 400);
        CHECK(no_script.body.find("JavaScript") != std::string::npos);
        CHECK(no_script.body.find("value=\"Ordinateur\"") != std::string::npos); // typed name kept
    }
    SECTION("a registration made for another origin is refused") {
        auto page2 = f.get(f.deps->endpoints.account_passkeys, &strong);
        SoftAuthenticator other;
        auto answer = other.create(passkey_options(page2), "https://evil.test");
        auto r = f.post(f.deps->endpoints.account_passkeys,
                        {{"csrf", hidden_field(page2.body, "csrf")},
                         {"action", "register"},
                         {"name", "Clé"},
                         {"challenge", passkey_token(page2)},
                         {"credential_id", answer.credential_id},
                         {"client_data", answer.client_data},
                         {"attestation", answer.attestation}},
                        &strong);
        CHECK(r.status == 400);
        CHECK(f.store->credentials().passkeys_of(id).size() == 1);
    }
}

TEST_CASE("a passkey logs in at eidas2, once per assertion", "[unit][portal][passkey]") {
    OidcFixture f(kPasskeys);
    Browser owner;
    strong_login(f, owner);
    SoftAuthenticator authenticator;
    REQUIRE(register_passkey(f, owner, authenticator).status == 200);

    Browser b;
    auto flow = test::start(f, b, "msg");
    REQUIRE(flow.login_page.body.find("Clé d’accès") != std::string::npos);
    CHECK(std::string(flow.login_page.header("Content-Security-Policy")).find("script-src 'sha256-") !=
          std::string::npos);
    auto options = passkey_options(flow.login_page);
    CHECK(options["rpId"] == "idp.test");
    CHECK(options["allow"].empty()); // discoverable: nothing typed, the passkey names the account
    auto answer = authenticator.get(options, kOrigin);
    auto form = assertion_form(flow.login_page, answer);
    auto done = f.post(f.deps->endpoints.login_passkey, form, &b);
    auto id = jwt_payload(redeem(f, b, flow, done));
    CHECK(id["acr"] == "eidas2");
    CHECK(id["amr"] == Json{"hwk", "user", "mfa"});
    CHECK(id["authMode"] == "MOBILE");

    SECTION("the same assertion posted again is refused") {
        Browser thief = b;
        CHECK(f.post(f.deps->endpoints.login_passkey, form, &thief).status != 303);
    }
    SECTION("without user verification, from another origin, or a cloned key: refused") {
        Browser c;
        auto again = test::start(f, c, "msg");
        authenticator.user_verified = false;
        auto no_uv =
            f.post(f.deps->endpoints.login_passkey,
                   assertion_form(again.login_page, authenticator.get(passkey_options(again.login_page), kOrigin)), &c);
        CHECK(no_uv.status == 401);
        CHECK(no_uv.body.find("vérification est obligatoire") != std::string::npos);
        authenticator.user_verified = true;
        const auto retry =
            f.deps->endpoints.login + "?interaction=" + hidden_field(again.login_page.body, "interaction");
        auto page = f.get(retry, &c);
        auto foreign = f.post(f.deps->endpoints.login_passkey,
                              assertion_form(page, authenticator.get(passkey_options(page), "https://evil.test")), &c);
        CHECK(foreign.status == 401);
        auto page2 = f.get(retry, &c);
        authenticator.counter = 1; // a copy of the key, behind the real one's counter
        auto cloned = f.post(f.deps->endpoints.login_passkey,
                             assertion_form(page2, authenticator.get(passkey_options(page2), kOrigin)), &c);
        CHECK(cloned.status == 401);
        CHECK(cloned.body.find("copiée") != std::string::npos);
    }
    SECTION("a revoked passkey no longer logs in") {
        auto account = f.get(f.deps->endpoints.account_passkeys, &owner);
        auto credential = answer.credential_id;
        auto revoked = f.post(
            f.deps->endpoints.account_passkeys,
            {{"csrf", hidden_field(account.body, "csrf")}, {"action", "revoke"}, {"credential", credential}}, &owner);
        CHECK(revoked.status == 200);
        Browser c;
        auto again = test::start(f, c, "msg");
        auto r =
            f.post(f.deps->endpoints.login_passkey,
                   assertion_form(again.login_page, authenticator.get(passkey_options(again.login_page), kOrigin)), &c);
        CHECK(r.status == 401);
        CHECK(r.body.find("n’est enregistrée pour aucun compte actif") != std::string::npos);
    }
    SECTION("a form posted without the browser's answer says so") {
        Browser c;
        auto again = test::start(f, c, "msg");
        auto r = f.post(f.deps->endpoints.login_passkey,
                        {{"csrf", hidden_field(again.login_page.body, "csrf")},
                         {"interaction", hidden_field(again.login_page.body, "interaction")},
                         {"challenge", passkey_token(again.login_page)}},
                        &c);
        CHECK(r.status == 400);
        CHECK(r.body.find("JavaScript") != std::string::npos);
    }
}

TEST_CASE("a password session steps up with its own passkey only", "[unit][portal][passkey]") {
    OidcFixture f(kPasskeys);
    Browser owner;
    strong_login(f, owner);
    SoftAuthenticator authenticator;
    REQUIRE(register_passkey(f, owner, authenticator).status == 200);

    Browser b;
    f.code_flow(OidcFixture::kPublic, b, "medecin"); // password session
    auto flow = test::start(f, b, "msg");
    auto options = passkey_options(flow.login_page);
    REQUIRE(options["allow"].size() == 1); // the signed-in professional's passkeys
    auto done = f.post(f.deps->endpoints.login_passkey,
                       assertion_form(flow.login_page, authenticator.get(options, kOrigin)), &b);
    auto id = jwt_payload(redeem(f, b, flow, done));
    CHECK(id["acr"] == "eidas2");
    CHECK(id["amr"] == Json{"pwd", "hwk", "user", "mfa"});

    Browser nurse;
    f.code_flow(OidcFixture::kPublic, nurse, "infirmier");
    auto other = test::start(f, nurse, "msg");
    CHECK(passkey_options(other.login_page)["allow"].empty());
    auto r =
        f.post(f.deps->endpoints.login_passkey,
               assertion_form(other.login_page, authenticator.get(passkey_options(other.login_page), kOrigin)), &nurse);
    CHECK(r.status == 403);
    CHECK(r.body.find("appartient à un autre compte") != std::string::npos);
}
