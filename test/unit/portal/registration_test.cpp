// The registration wizard in-process: each step's rules, the draft kept across steps and browsers'
// restarts, the e-mail proof, the account created with its login, link and requests.
#include <catch2/catch.hpp>

#include <regex>

#include "crypto/encoding.hpp"
#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::OidcFixture;
using Form = std::vector<std::pair<std::string, std::string>>;

namespace {

const std::string kCatalogue =
    "[clients.dcc]\nname = \"DCC\"\ntype = \"public\"\ntoken_endpoint_auth_method = "
    "\"none\"\nrequire_pkce = true\nredirect_uris = [\"https://dcc.test/cb\"]\n"
    "front_name = \"Dossier communicant de cancérologie\"\nfront_url = \"https://dcc.test/\"\naccess = \"approval\"\n"
    "[[clients.dcc.referents]]\nlogin = \"coordo-rennes\"\ndepartments = [\"25\"]\n";

Form details(Form overrides = {}) {
    Form f = {{"civility", "MME"},
              {"family_name", "Durand"},
              {"given_name", "Camille"},
              {"profession", "60"},
              {"national_id", "99700001011"},
              {"establishment", "Cabinet Durand"},
              {"street", "12 rue de la République"},
              {"postal_code", "25000"},
              {"town", "Besançon"},
              {"phone", "03 81 00 00 00"},
              {"email", "camille.durand@example.test"},
              {"email_confirmation", "camille.durand@example.test"},
              {"reason", "Accès au dossier communicant de cancérologie"},
              {"visibility", "professionals_only"}};
    for (auto& [k, v] : overrides)
        for (auto& field : f)
            if (field.first == k) field.second = v;
    return f;
}

struct Wizard {
    OidcFixture& f;
    Browser browser;

    http::Response get(const std::string& path) {
        auto r = f.get(path, &browser);
        browser.take(r);
        return r;
    }
    http::Response post(const std::string& path, Form form, const std::string& page_path) {
        auto page = get(page_path);
        form.push_back({"csrf", hidden_field(page.body, "csrf")});
        auto r = f.post(path, form, &browser);
        browser.take(r);
        return r;
    }
    http::Response start() { return post("/register", {}, "/register"); }
    http::Response send_details(Form form) { return post("/register/details", form, "/register/details"); }
    http::Response send_profile(Form form) { return post("/register/profile", form, "/register/profile"); }
    // The review with the right answer to its question (read back from the page).
    http::Response submit(Form extra = {}) {
        auto page = get("/register/review");
        std::smatch m;
        REQUIRE(std::regex_search(page.body, m, std::regex("combien font (\\d) plus (\\d)")));
        Form form = {{"csrf", hidden_field(page.body, "csrf")},
                     {"terms", "yes"},
                     {"challenge", std::to_string(std::stoi(m[1]) + std::stoi(m[2]))}};
        for (auto& e : extra)
            form.push_back(e);
        auto r = f.post("/register/review", form, &browser);
        browser.take(r);
        return r;
    }
};

std::string location(const http::Response& r) {
    return std::string(r.header("Location"));
}

std::vector<domain::OutboundMail> mails_to(OidcFixture& f, const std::string& to) {
    std::vector<domain::OutboundMail> out;
    for (const auto& m : f.store->outbox().recent(100, std::nullopt))
        if (m.recipient == to) out.insert(out.begin(), m); // oldest first
    return out;
}

std::string link_in(const domain::OutboundMail& mail, const std::string& path) {
    std::smatch m;
    REQUIRE(std::regex_search(mail.text, m, std::regex("https?://[^/]+(" + path + "\\?[^\\s]+)")));
    return m[1];
}

} // namespace

TEST_CASE("registration: four steps, the e-mail proof, then the login and the password link by mail",
          "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Wizard w{f};
    auto card = w.get("/register");
    CHECK(card.status == 200);
    CHECK(card.body.find("Continuer sans carte") != std::string::npos);
    auto started = w.start();
    REQUIRE(started.status == 303);
    CHECK(location(started) == "/register/details");
    CHECK(w.browser.cookies.count("__Host-esc_reg"));

    REQUIRE(w.send_details(details()).status == 303);
    auto profile = w.get("/register/profile");
    CHECK(profile.body.find("Dossier communicant de cancérologie") != std::string::npos);
    REQUIRE(w.send_profile({{"services", "dcc"}}).status == 303);
    auto review = w.get("/register/review");
    CHECK(review.body.find("Besançon") != std::string::npos);
    CHECK(review.body.find("Modifier les coordonnées") != std::string::npos);
    auto sent = w.submit();
    REQUIRE(sent.status == 303);
    CHECK(location(sent) == "/register/sent");
    CHECK(w.get("/register/sent").body.find("camille.durand@example.test") != std::string::npos);

    auto proof = mails_to(f, "camille.durand@example.test");
    REQUIRE(proof.size() == 1);
    CHECK(proof[0].subject == "Confirmez votre adresse e-mail pour créer votre compte Esculape");
    const auto verify = link_in(proof[0], "/register/verify");
    CHECK_FALSE(f.store->accounts().find_by_national_id("899700001011")); // nothing before the proof

    Browser mail_reader; // the link may be opened in another browser
    auto confirm = f.get(verify, &mail_reader);
    REQUIRE(confirm.status == 200);
    CHECK_FALSE(f.store->accounts().find_by_national_id("899700001011")); // a GET creates nothing
    auto done =
        f.post("/register/verify",
               {{"r", hidden_field(confirm.body, "r")}, {"token", hidden_field(confirm.body, "token")}}, &mail_reader);
    REQUIRE(done.status == 200);
    CHECK(done.body.find("Votre compte est créé") != std::string::npos);

    auto account = f.store->accounts().find_by_national_id("899700001011");
    REQUIRE(account);
    CHECK(account->login == "camille.durand");
    CHECK(account->email_verified);
    CHECK(account->password_hash.empty());
    auto profile_stored = f.store->accounts().profile(account->id);
    REQUIRE(profile_stored);
    CHECK(profile_stored->phone == "0381000000");
    CHECK(profile_stored->review_note.empty()); // names match the directory (case and accents folded)
    auto requests = f.store->access().of_account(account->id);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].client_id == "dcc");
    CHECK(requests[0].state == domain::AccessState::to_process);
    // Asked at registration: the referent of Besançon (25) gets the request like one from the portal.
    CHECK(requests[0].postal_codes == std::vector<std::string>{"25000"});
    REQUIRE(mails_to(f, "3c-rennes@demo-esculape.example").size() == 1);
    CHECK(mails_to(f, "3c-rennes@demo-esculape.example")[0].subject.find("Camille DURAND") != std::string::npos);

    auto mails = mails_to(f, "camille.durand@example.test");
    REQUIRE(mails.size() == 3);
    CHECK(mails[1].subject == "Votre identifiant Esculape");
    CHECK(mails[1].text.find("camille.durand") != std::string::npos);
    CHECK(mails[1].text.find("password") == std::string::npos); // never a password, nor the link, with the login
    CHECK(mails[2].subject == "Choisissez votre mot de passe Esculape");
    // The link sets the first password; then the login works.
    const auto set = link_in(mails[2], "/password/reset");
    auto page = f.get(set);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("Choisir votre mot de passe") != std::string::npos);
    auto stored = f.post("/password/reset", {{"csrf", hidden_field(page.body, "csrf")},
                                             {"token", hidden_field(page.body, "token")},
                                             {"password", "Une phrase de passe bien longue"},
                                             {"confirmation", "Une phrase de passe bien longue"}});
    CHECK(stored.status == 200);
    // The proof link is spent.
    CHECK(f.get(verify, &mail_reader).status == 400);
}

TEST_CASE("registration: every bad field gets its message, and nothing typed is lost", "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Wizard w{f};
    w.start();
    auto bad = w.send_details(details({{"postal_code", "25A"},
                                       {"email_confirmation", "autre@example.test"},
                                       {"national_id", "123"},
                                       {"phone", "12"},
                                       {"civility", ""},
                                       {"profession", "999"},
                                       {"reason", ""}}));
    CHECK(bad.status == 400);
    for (const char* id : {"postal_code-erreur", "email_confirmation-erreur", "national_id-erreur", "phone-erreur",
                           "civility-erreur", "profession-erreur", "reason-erreur"})
        CHECK(bad.body.find(std::string("id=\"") + id + "\"") != std::string::npos);
    CHECK(bad.body.find("value=\"Durand\"") != std::string::npos);
    CHECK(bad.body.find("value=\"25A\"") != std::string::npos);
    // Reloaded (or after a restart of the browser's tab): the draft comes back from the store.
    auto again = w.get("/register/details");
    CHECK(again.body.find("value=\"25A\"") != std::string::npos);
    CHECK(again.body.find("value=\"12 rue de la République\"") != std::string::npos);
    // Steps cannot be skipped.
    CHECK(location(w.get("/register/review")) == "/register/details");
    CHECK(location(w.get("/register/profile")) == "/register/details");

    auto unknown = w.send_details(details({{"national_id", "99700000012"}})); // Luhn-valid, not in the directory
    CHECK(unknown.body.find("ne figure pas dans l’annuaire") != std::string::npos);
    auto taken = w.send_details(details({{"national_id", "99700000112"}})); // medecin has an account
    CHECK(taken.body.find("Un compte Esculape existe déjà") != std::string::npos);
    REQUIRE(w.send_details(details({{"national_id", ""}})).status == 303); // a local person
    CHECK(w.send_profile({{"services", "forged"}}).status == 400);
    REQUIRE(w.send_profile({}).status == 303);

    auto page = w.get("/register/review");
    auto wrong =
        f.post("/register/review", {{"csrf", hidden_field(page.body, "csrf")}, {"challenge", "99"}}, &w.browser);
    CHECK(wrong.status == 400);
    CHECK(wrong.body.find("id=\"terms-erreur\"") != std::string::npos);
    CHECK(wrong.body.find("id=\"challenge-erreur\"") != std::string::npos);
    CHECK(f.store->outbox().recent(10, std::nullopt).empty());
}

TEST_CASE("registration: a robot filling the honeypot is answered like a person and nothing is sent",
          "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Wizard w{f};
    w.start();
    w.send_details(details());
    w.send_profile({});
    auto r = w.submit({{"website", "http://spam.example"}});
    CHECK(r.status == 303);
    CHECK(location(r) == "/register/sent");
    CHECK(f.store->outbox().recent(10, std::nullopt).empty());
}

TEST_CASE("registration: a name that differs from the directory is flagged, the directory's is used",
          "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Wizard w{f};
    w.start();
    REQUIRE(w.send_details(details({{"family_name", "Durant"}, {"profession", "10"}})).status == 303);
    w.send_profile({});
    w.submit();
    auto proof = mails_to(f, "camille.durand@example.test").at(0);
    auto verify = link_in(proof, "/register/verify");
    auto confirm = f.get(verify);
    f.post("/register/verify",
           {{"r", hidden_field(confirm.body, "r")}, {"token", hidden_field(confirm.body, "token")}});
    auto account = f.store->accounts().find_by_national_id("899700001011");
    REQUIRE(account);
    CHECK(account->login == "camille.durand"); // from the directory's names
    auto profile = f.store->accounts().profile(account->id);
    CHECK(profile->review_note.find("Durant") != std::string::npos);
    CHECK(profile->review_note.find("Profession") != std::string::npos);
}

TEST_CASE("registration: logins collide into the first free suffix; a local person has no national id",
          "[unit][portal]") {
    OidcFixture f(kCatalogue);
    for (int i = 0; i < 2; ++i) {
        Wizard w{f};
        w.start();
        REQUIRE(w.send_details(details({{"national_id", ""},
                                        {"family_name", "Moreau"},
                                        {"given_name", "Claire"},
                                        {"email", "c" + std::to_string(i) + "@example.test"},
                                        {"email_confirmation", "c" + std::to_string(i) + "@example.test"}}))
                    .status == 303);
        w.send_profile({});
        w.submit();
        auto verify = link_in(mails_to(f, "c" + std::to_string(i) + "@example.test").at(0), "/register/verify");
        auto confirm = f.get(verify);
        REQUIRE(f.post("/register/verify",
                       {{"r", hidden_field(confirm.body, "r")}, {"token", hidden_field(confirm.body, "token")}})
                    .status == 200);
    }
    auto first = f.store->accounts().find_by_login("claire.moreau");
    auto second = f.store->accounts().find_by_login("claire.moreau2");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->national_id.empty());
    CHECK(second->email == "c1@example.test");
}

TEST_CASE("registration: the draft expires after a day idle; the proof link after 48 hours", "[unit][portal]") {
    OidcFixture f(kCatalogue);
    Wizard w{f};
    w.start();
    f.clock.advance(24 * 3600 + 1);
    CHECK(location(w.get("/register/details")) == "/register");
    Wizard late{f};
    late.start();
    late.send_details(details());
    late.send_profile({});
    late.submit();
    auto verify = link_in(mails_to(f, "camille.durand@example.test").at(0), "/register/verify");
    f.clock.advance(48 * 3600 + 1);
    CHECK(f.get(verify).status == 400);
}

TEST_CASE("registration: the communities of the configuration can be joined at step 3", "[unit][portal]") {
    OidcFixture f(kCatalogue + "[communities.rrc]\nname = \"Réseau régional de cancérologie\"\n"
                               "description = \"Les professionnels de l’oncologie de la région\"\n"
                               "[communities.cpts-doubs]\nname = \"CPTS du Doubs\"\n");
    Wizard w{f};
    w.start();
    REQUIRE(w.send_details(details()).status == 303);
    auto page = w.get("/register/profile");
    CHECK(page.body.find("Réseau régional de cancérologie") != std::string::npos);
    CHECK(page.body.find("CPTS du Doubs") != std::string::npos);
    CHECK(w.send_profile({{"communities", "forged"}}).status == 400);
    REQUIRE(w.send_profile({{"services", "dcc"}, {"communities", "rrc"}}).status == 303);
    CHECK(w.get("/register/review").body.find("Réseau régional de cancérologie") != std::string::npos);
    w.submit();
    auto verify = link_in(mails_to(f, "camille.durand@example.test").at(0), "/register/verify");
    auto confirm = f.get(verify);
    f.post("/register/verify",
           {{"r", hidden_field(confirm.body, "r")}, {"token", hidden_field(confirm.body, "token")}});
    auto account = f.store->accounts().find_by_national_id("899700001011");
    REQUIRE(account);
    CHECK(f.store->accounts().profile(account->id)->communities == std::vector<std::string>{"rrc"});
}

TEST_CASE("registration: a service reserved to other professions is neither offered nor accepted", "[unit][portal]") {
    OidcFixture f(kCatalogue + "[clients.onco]\nname = \"Réunions de concertation\"\ntype = \"public\"\n"
                               "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                               "redirect_uris = [\"https://onco.test/cb\"]\nfront_url = \"https://onco.test/\"\n"
                               "access = \"approval\"\nprofessions = [\"10\"]\n");
    Wizard w{f};
    REQUIRE(w.start().status == 303);
    REQUIRE(w.send_details(details()).status == 303); // Camille DURAND, infirmière (60)
    auto profile = w.get("/register/profile");
    CHECK(profile.body.find("Dossier communicant de cancérologie") != std::string::npos);
    CHECK(profile.body.find("Réunions de concertation") == std::string::npos);
    CHECK(w.send_profile({{"services", "onco"}}).status == 400);
}
