// The CPS calculator in-process, with a fake clock: tokens imported from an administrator's file
// (secrets wrapped under the key-encryption key), a login answering the challenge, and each
// refusal: wrong answer, replayed answer, expired challenge, another browser's challenge, an
// unknown login (same pages), the throttle; step-up from a password session to eidas2.
#include <catch2/catch.hpp>

#include <sstream>

#include "app/ocra_tokens.hpp"
#include "crypto/ocra.hpp"
#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::jwt_payload;
using esc::test::OidcFixture;

namespace {

const std::string kOcra = "[ocra]\nenabled = true\nchallenge_lifetime = 120\n"
                          "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\n"
                          "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                          "redirect_uris = [\"https://msg.test/cb\"]\nmin_acr = \"eidas2\"\n";
const std::string kKey = "12345678901234567890"; // RFC 6287 Appendix C "SEED"
const std::string kKeyHex = "3132333435363738393031323334353637383930";

int import(OidcFixture& f, const std::string& file, bool skip = false, std::string* errors = nullptr) {
    std::ostringstream out, err;
    app::OcraImportOptions options;
    options.skip_existing = skip;
    int rc = app::import_ocra_tokens(*f.store, f.kek, file, options, f.clock.now(), out, err);
    if (errors) *errors = err.str();
    return rc;
}

std::string answer(const std::string& challenge, const std::string& key = kKey) {
    auto suite = crypto::parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QN08");
    crypto::OcraInput in;
    in.question = challenge;
    return *crypto::ocra_response(*suite, {reinterpret_cast<const unsigned char*>(key.data()), key.size()}, in);
}

std::string challenge_of(const http::Response& page) {
    auto token = hidden_field(page.body, "challenge");
    return token.substr(0, token.find('.'));
}

http::Response ask(OidcFixture& f, Browser& b, const http::Response& login_page, const std::string& login) {
    return f.post(f.deps->endpoints.login_ocra,
                  {{"csrf", hidden_field(login_page.body, "csrf")},
                   {"interaction", hidden_field(login_page.body, "interaction")},
                   {"login", login}},
                  &b);
}

http::Response reply(OidcFixture& f, Browser& b, const http::Response& challenge_page, const std::string& response) {
    return f.post(f.deps->endpoints.login_ocra_answer,
                  {{"csrf", hidden_field(challenge_page.body, "csrf")},
                   {"interaction", hidden_field(challenge_page.body, "interaction")},
                   {"login", hidden_field(challenge_page.body, "login")},
                   {"challenge", hidden_field(challenge_page.body, "challenge")},
                   {"response", response}},
                  &b);
}

} // namespace

TEST_CASE("a CPS calculator answers the challenge and logs in at eidas2", "[unit][portal][ocra]") {
    OidcFixture f(kOcra);
    REQUIRE(import(f, "serial;account;secret\nCALC-1;medecin;" + kKeyHex + "\n") == 0);
    auto stored = f.store->credentials().ocra_tokens_of(f.store->accounts().find_by_login("medecin")->id);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].wrapped_key.find(kKeyHex) == std::string::npos); // never in clear
    CHECK(stored[0].wrapped_key.rfind("esc-kw1:", 0) == 0);

    Browser b;
    auto flow = test::start(f, b, "msg");
    CHECK(flow.login_page.body.find("Calculette CPS") != std::string::npos);
    CHECK(flow.login_page.body.find("id=\"mot-de-passe-titre\"") == std::string::npos); // eidas2 only
    auto page = ask(f, b, flow.login_page, "medecin");
    REQUIRE(page.status == 200);
    auto challenge = challenge_of(page);
    CHECK(challenge.size() == 8);
    CHECK(page.body.find(challenge.substr(0, 4) + " " + challenge.substr(4)) != std::string::npos);

    auto done = reply(f, b, page, answer(challenge));
    auto tokens = test::redeem(f, b, done, flow.code);
    REQUIRE(tokens.status == 200);
    auto id = jwt_payload(tokens.id_token());
    CHECK(id["acr"] == "eidas2");
    CHECK(id["amr"] == nlohmann::json{"otp", "sc", "pin", "mfa"});
    CHECK(f.store->credentials().ocra_tokens_of(stored[0].account_id)[0].last_used_at == f.clock.now());
}

TEST_CASE("an OCRA challenge takes one answer: wrong, replayed or late answers are refused", "[unit][portal][ocra]") {
    OidcFixture f(kOcra);
    REQUIRE(import(f, "CALC-1;medecin;" + kKeyHex + "\n") == 0);
    Browser b;
    auto flow = test::start(f, b, "msg");
    auto page = ask(f, b, flow.login_page, "medecin");

    SECTION("a response of the wrong shape keeps the same challenge") {
        auto r = reply(f, b, page, "12ab");
        CHECK(r.status == 400);
        CHECK(r.body.find("8 chiffres") != std::string::npos);
        CHECK(challenge_of(r) == challenge_of(page));
        auto done = reply(f, b, r, answer(challenge_of(r)));
        CHECK(done.status == 303);
    }
    SECTION("a wrong answer gets a new challenge, and the old one is spent") {
        auto r = reply(f, b, page, "00000000");
        CHECK(r.status == 401);
        CHECK(r.body.find("Réponse incorrecte") != std::string::npos);
        CHECK(challenge_of(r) != challenge_of(page));
        auto replay = reply(f, b, page, answer(challenge_of(page)));
        CHECK(replay.status == 401);
        CHECK(replay.body.find("déjà reçu une réponse") != std::string::npos);
        CHECK(reply(f, b, r, answer(challenge_of(r))).status == 303);
    }
    SECTION("a right answer cannot be played a second time") {
        CHECK(reply(f, b, page, answer(challenge_of(page))).status == 303);
        Browser thief = b; // same cookies, same form: the captured request replayed
        auto again = reply(f, thief, page, answer(challenge_of(page)));
        CHECK(again.status != 303);
    }
    SECTION("a challenge past its lifetime is refused") {
        f.clock.advance(121);
        auto r = reply(f, b, page, answer(challenge_of(page)));
        CHECK(r.status == 400);
        CHECK(r.body.find("expiré") != std::string::npos);
    }
    SECTION("a challenge shown to another browser or for another login does not count") {
        Browser other;
        auto other_flow = test::start(f, other, "msg");
        auto forged = f.post(f.deps->endpoints.login_ocra_answer,
                             {{"csrf", hidden_field(other_flow.login_page.body, "csrf")},
                              {"interaction", hidden_field(other_flow.login_page.body, "interaction")},
                              {"login", "medecin"},
                              {"challenge", hidden_field(page.body, "challenge")},
                              {"response", answer(challenge_of(page))}},
                             &other);
        CHECK(forged.status == 400);
        auto renamed = f.post(f.deps->endpoints.login_ocra_answer,
                              {{"csrf", hidden_field(page.body, "csrf")},
                               {"interaction", hidden_field(page.body, "interaction")},
                               {"login", "infirmier"},
                               {"challenge", hidden_field(page.body, "challenge")},
                               {"response", answer(challenge_of(page))}},
                              &b);
        CHECK(renamed.status == 400);
    }
}

TEST_CASE("an unknown login gets the same OCRA pages, and failures are throttled", "[unit][portal][ocra]") {
    OidcFixture f(kOcra);
    REQUIRE(import(f, "CALC-1;medecin;" + kKeyHex + "\n") == 0);
    Browser b;
    auto flow = test::start(f, b, "msg");
    auto unknown = ask(f, b, flow.login_page, "personne.inconnue");
    CHECK(unknown.status == 200);
    CHECK(challenge_of(unknown).size() == 8);
    auto wrong = reply(f, b, unknown, answer(challenge_of(unknown)));
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Réponse incorrecte") != std::string::npos);

    // A professional without a calculator: refused like a wrong answer.
    auto nurse = reply(f, b, ask(f, b, flow.login_page, "infirmier"), "12345678");
    CHECK(nurse.status == 401);

    auto page = ask(f, b, flow.login_page, "medecin");
    for (int i = 0; i < 5; ++i)
        page = reply(f, b, page, "00000000");
    auto locked = reply(f, b, page, answer(challenge_of(page)));
    CHECK(locked.status == 429);
    CHECK(locked.body.find("Trop de tentatives") != std::string::npos);
}

TEST_CASE("a password session steps up with the CPS calculator", "[unit][portal][ocra]") {
    OidcFixture f(kOcra);
    REQUIRE(import(f, "CALC-1;899700000112;" + kKeyHex + "\n") == 0); // by national id
    Browser b;
    f.code_flow(OidcFixture::kPublic, b); // a password session (eidas1)
    auto flow = test::start(f, b, "msg");
    REQUIRE(flow.login_page.status == 200);
    CHECK(flow.login_page.body.find("Vous êtes déjà connecté") != std::string::npos);
    CHECK(flow.login_page.body.find("id=\"ocra-login\"") == std::string::npos); // the session says who
    auto page = ask(f, b, flow.login_page, "");
    REQUIRE(page.status == 200);
    auto tokens = test::redeem(f, b, reply(f, b, page, answer(challenge_of(page))), flow.code);
    auto id = jwt_payload(tokens.id_token());
    CHECK(id["acr"] == "eidas2");
    CHECK(id["amr"] == nlohmann::json{"pwd", "otp", "sc", "pin", "mfa"});
}

TEST_CASE("an OCRA import is checked whole before anything is written", "[unit][portal][ocra]") {
    OidcFixture f(kOcra);
    std::string errors;
    CHECK(import(f, "CALC-1;medecin;" + kKeyHex + "\nCALC-2;nobody;" + kKeyHex + "\nCALC-3;medecin;zz\n", false,
                 &errors) == 1);
    CHECK(errors.find("line 2: no account") != std::string::npos);
    CHECK(errors.find("line 3:") != std::string::npos);
    auto id = f.store->accounts().find_by_login("medecin")->id;
    CHECK(f.store->credentials().ocra_tokens_of(id).empty());

    REQUIRE(import(f, "CALC-1;medecin;" + kKeyHex + "\n") == 0);
    CHECK(import(f, "CALC-1;medecin;" + kKeyHex + "\nCALC-4;medecin;" + kKeyHex + "\n", false, &errors) == 1);
    CHECK(errors.find("CALC-1 is already provisioned") != std::string::npos);
    CHECK(f.store->credentials().ocra_tokens_of(id).size() == 1);
    CHECK(import(f, "CALC-1;medecin;" + kKeyHex + "\nCALC-4;medecin;" + kKeyHex + "\n", true) == 0);
    CHECK(f.store->credentials().ocra_tokens_of(id).size() == 2);
}
