// Workstation certificates in-process, with a fake clock: a professional's request, the console's
// approval (two mails: link, then code), the withdrawal page issuing a PKCS#12 once, the login that
// recognises the certificate (login pre-filled, password + certificate = eidas2), revocation
// (account page and CRL), collective certificates that pre-fill nothing, and every refusal.
#include <catch2/catch.hpp>

#include <regex>

#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "crypto/revocation.hpp"
#include "http/certificate.hpp"
#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::jwt_payload;
using esc::test::OidcFixture;
using Json = nlohmann::json;

namespace {

const std::string kWorkstation = "[workstation]\nenabled = true\nwithdrawal_lifetime = 7200\n"
                                 "[console]\nadministrators = [\"pharmacien\"]\nmin_acr = \"eidas1\"\n"
                                 "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\n"
                                 "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                                 "redirect_uris = [\"https://msg.test/cb\"]\nmin_acr = \"eidas2\"\n";
const std::string kFilePassword = "mot-de-passe-du-fichier";

Browser signed_in(OidcFixture& f, const std::string& login) {
    Browser b;
    f.code_flow(OidcFixture::kPublic, b, login);
    return b;
}

http::Response request_certificate(OidcFixture& f, Browser& b, const std::string& workstation) {
    auto page = f.get(f.deps->endpoints.account_certificates, &b);
    REQUIRE(page.status == 200);
    return f.post(f.deps->endpoints.account_certificates,
                  {{"csrf", hidden_field(page.body, "csrf")}, {"action", "request"}, {"workstation", workstation}}, &b);
}

std::string first_id(const std::string& html) {
    std::smatch m;
    REQUIRE(std::regex_search(html, m, std::regex("name=\"certificate\" value=\"([A-Za-z0-9_-]+)\"")));
    return m[1];
}

http::Response console(OidcFixture& f, Browser& admin, std::vector<std::pair<std::string, std::string>> form) {
    auto page = f.get(f.deps->endpoints.console_certificates, &admin);
    REQUIRE(page.status == 200);
    form.emplace_back("csrf", hidden_field(page.body, "csrf"));
    return f.post(f.deps->endpoints.console_certificates, form, &admin);
}

struct Withdrawal {
    std::string token;
    std::string code;
};

// The two newest mails: the link, then the code.
Withdrawal mailed(OidcFixture& f, const std::string& recipient) {
    auto mails = f.store->outbox().recent(2, std::nullopt);
    REQUIRE(mails.size() == 2);
    const auto& code_mail = mails[0];
    const auto& link_mail = mails[1];
    CHECK(link_mail.recipient == recipient);
    CHECK(code_mail.recipient == recipient);
    CHECK(link_mail.subject == "Votre certificat de poste de travail est prêt");
    CHECK(code_mail.subject == "Code de retrait de votre certificat de poste");
    Withdrawal w;
    std::smatch m;
    REQUIRE(std::regex_search(link_mail.text, m, std::regex("token=([A-Za-z0-9_-]+)")));
    w.token = m[1];
    REQUIRE(std::regex_search(code_mail.text, m, std::regex("\\n    ([0-9]{8})\\n")));
    w.code = m[1];
    CHECK(link_mail.text.find(w.code) == std::string::npos); // never both in one mail
    CHECK(code_mail.text.find(w.token) == std::string::npos);
    return w;
}

http::Response withdraw(OidcFixture& f, const Withdrawal& w, const std::string& code,
                        const std::string& password = kFilePassword, const std::string& confirmation = kFilePassword) {
    return f.post(f.deps->endpoints.certificate_withdraw,
                  {{"token", w.token}, {"code", code}, {"password", password}, {"confirmation", confirmation}});
}

// The certificate of a PKCS#12, as the TLS layer would hand it to a handler once verified.
http::ClientCertificate presented(const std::string& pkcs12, const std::string& password = kFilePassword) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(pkcs12.data());
    PKCS12* p12 = d2i_PKCS12(nullptr, &bytes, static_cast<long>(pkcs12.size()));
    REQUIRE(p12);
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    REQUIRE(PKCS12_parse(p12, password.c_str(), &key, &cert, nullptr) == 1);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    PKCS12_free(p12);
    auto c = http::certificate_from_pem(pem, true, "");
    REQUIRE(c);
    return *c;
}

// Request, approve, withdraw: medecin's certificate for CABINET-PC2, as presented by the browser.
http::ClientCertificate personal_certificate(OidcFixture& f) {
    auto medecin = signed_in(f, "medecin");
    REQUIRE(request_certificate(f, medecin, "CABINET-PC2").status == 200);
    auto admin = signed_in(f, "pharmacien");
    auto pending = f.get(f.deps->endpoints.console_certificates, &admin);
    REQUIRE(console(f, admin, {{"action", "approve"}, {"certificate", first_id(pending.body)}}).status == 200);
    auto w = mailed(f, "claire.moreau@demo-esculape.example");
    auto file = withdraw(f, w, w.code);
    REQUIRE(file.status == 200);
    return presented(file.body);
}

} // namespace

TEST_CASE("a workstation certificate is requested, approved, withdrawn once and logs in at eidas2",
          "[unit][portal][workstation]") {
    OidcFixture f(kWorkstation);
    auto medecin = signed_in(f, "medecin");
    auto bad = request_certificate(f, medecin, "poste à accents");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("id=\"poste-erreur\"") != std::string::npos);
    CHECK(bad.body.find("value=\"poste à accents\"") != std::string::npos);
    auto asked = request_certificate(f, medecin, "CABINET-PC2");
    REQUIRE(asked.status == 200);
    CHECK(asked.body.find("en attente d’approbation") != std::string::npos);
    CHECK(request_certificate(f, medecin, "CABINET-PC2").status == 409); // one per computer

    // Only an administrator sees the queue.
    auto nurse = signed_in(f, "infirmier");
    CHECK(f.get(f.deps->endpoints.console_certificates, &nurse).status == 403);
    auto admin = signed_in(f, "pharmacien");
    auto queue = f.get(f.deps->endpoints.console_certificates, &admin);
    REQUIRE(queue.status == 200);
    CHECK(queue.body.find("CABINET-PC2") != std::string::npos);
    const auto id = first_id(queue.body);
    auto approved = console(f, admin, {{"action", "approve"}, {"certificate", id}});
    REQUIRE(approved.status == 200);
    CHECK(console(f, admin, {{"action", "approve"}, {"certificate", id}}).status == 409); // decided already
    auto w = mailed(f, "claire.moreau@demo-esculape.example");

    // The withdrawal page: the code, then a password for the file.
    auto page = f.get(f.deps->endpoints.certificate_withdraw + "?token=" + w.token);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("CABINET-PC2") != std::string::npos);
    auto wrong = withdraw(f, w, "00000000");
    CHECK(wrong.status == 400);
    CHECK(wrong.body.find("id=\"code-erreur\"") != std::string::npos);
    CHECK(withdraw(f, w, w.code, "court", "court").status == 400);
    auto mismatch = withdraw(f, w, w.code, kFilePassword, "autre-mot-de-passe");
    CHECK(mismatch.status == 400);
    CHECK(mismatch.body.find("différents") != std::string::npos);
    auto file = withdraw(f, w, w.code);
    REQUIRE(file.status == 200);
    CHECK(file.header("Content-Type") == "application/x-pkcs12");
    CHECK(std::string(file.header("Content-Disposition")).find("esculape-CABINET-PC2.p12") != std::string::npos);
    CHECK(withdraw(f, w, w.code).status == 410); // one use
    CHECK(f.get(f.deps->endpoints.certificate_withdraw + "?token=" + w.token).status == 410);
    auto certificate = presented(file.body);
    CHECK(certificate.issuer == f.deps->workstation_ca->subject_text());
    auto stored = f.store->workstation_certificates().find(id);
    REQUIRE(stored);
    CHECK(stored->serial == certificate.serial);
    CHECK(stored->not_after - stored->issued_at == 365 * 86400);

    // With the certificate, the login is pre-filled and password + certificate reaches eidas2.
    Browser workstation;
    workstation.certificate = certificate;
    auto flow = test::start(f, workstation, "msg");
    REQUIRE(flow.login_page.status == 200);
    CHECK(flow.login_page.body.find("Ordinateur « CABINET-PC2 » reconnu") != std::string::npos);
    CHECK(flow.login_page.body.find("id=\"login\" name=\"login\" type=\"text\" value=\"medecin\"") !=
          std::string::npos);
    auto done = test::post_password(f, workstation, flow.login_page, "medecin");
    auto tokens = test::redeem(f, workstation, done, flow.code);
    REQUIRE(tokens.status == 200);
    auto claims = jwt_payload(tokens.id_token());
    CHECK(claims["acr"] == "eidas2");
    CHECK(claims["amr"] == Json{"pwd", "swk", "mfa"});
    CHECK(claims["authMode"] == "CERTIFICATE");

    // Someone else's password on that computer is a plain eidas1 login.
    Browser borrowed;
    borrowed.certificate = certificate;
    auto other = test::start(f, borrowed, OidcFixture::kPublic);
    auto other_done = test::post_password(f, borrowed, other.login_page, "infirmier");
    auto other_tokens = test::redeem(f, borrowed, other_done, other.code);
    CHECK(jwt_payload(other_tokens.id_token())["acr"] == "eidas1");

    // A workstation certificate is never a CPS card.
    f.deps->login_methods.push_back(domain::LoginMethod::card);
    Browser as_card;
    as_card.certificate = certificate;
    auto card_flow = test::start(f, as_card, "msg");
    auto card = f.post(f.deps->endpoints.login_card,
                       {{"csrf", hidden_field(card_flow.login_page.body, "csrf")},
                        {"interaction", hidden_field(card_flow.login_page.body, "interaction")}},
                       &as_card);
    CHECK(card.status == 401);
    CHECK(card.body.find("certificat de poste de travail, pas une carte CPS") != std::string::npos);

    auto audit = f.store->audit().recent(10, "workstation_certificate.");
    REQUIRE(audit.size() == 3);
    CHECK(audit[0].action == "workstation_certificate.issue");
    CHECK(audit[1].action == "workstation_certificate.approve");
    CHECK(audit[1].actor == "pharmacien");
    CHECK(audit[1].address == "192.0.2.10");
    CHECK_FALSE(audit[1].session.empty());
    CHECK(audit[2].actor == "medecin");
}

TEST_CASE("a revoked workstation certificate no longer counts, and the CRL lists it", "[unit][portal][workstation]") {
    OidcFixture f(kWorkstation);
    auto certificate = personal_certificate(f);
    auto medecin = signed_in(f, "medecin");
    auto page = f.get(f.deps->endpoints.account_certificates, &medecin);
    CHECK(page.body.find("installé") != std::string::npos);
    auto revoked =
        f.post(f.deps->endpoints.account_certificates,
               {{"csrf", hidden_field(page.body, "csrf")}, {"action", "revoke"}, {"certificate", first_id(page.body)}},
               &medecin);
    REQUIRE(revoked.status == 200);
    CHECK(revoked.body.find("est révoqué") != std::string::npos);

    Browser workstation;
    workstation.certificate = certificate;
    auto flow = test::start(f, workstation, "msg");
    CHECK(flow.login_page.body.find("reconnu") == std::string::npos);
    CHECK(flow.login_page.body.find("id=\"mot-de-passe-titre\"") == std::string::npos); // password alone: not enough

    auto crl = f.get(f.path_of(f.deps->endpoints.workstation_crl));
    REQUIRE(crl.status == 200);
    auto loaded = crypto::crl_from_bytes(crl.body, "workstation CRL", f.deps->workstation_ca->certificate_pem());
    CHECK(loaded.revoked_serials.count(certificate.serial) == 1);
    CHECK(crypto::CrlSet({loaded}).check(certificate.pem, f.clock.now(), true) == crypto::RevocationStatus::revoked);
}

TEST_CASE("a withdrawal link expires, and its code is throttled", "[unit][portal][workstation]") {
    OidcFixture f(kWorkstation);
    auto medecin = signed_in(f, "medecin");
    REQUIRE(request_certificate(f, medecin, "CABINET-PC3").status == 200);
    auto admin = signed_in(f, "pharmacien");
    auto queue = f.get(f.deps->endpoints.console_certificates, &admin);
    REQUIRE(console(f, admin, {{"action", "approve"}, {"certificate", first_id(queue.body)}}).status == 200);
    auto w = mailed(f, "claire.moreau@demo-esculape.example");
    SECTION("guessing the code is braked") {
        for (int i = 0; i < 5; ++i)
            CHECK(withdraw(f, w, "1234567" + std::to_string(i)).status == 400);
        auto locked = withdraw(f, w, w.code);
        CHECK(locked.status == 429);
        CHECK(locked.body.find("Trop de codes erronés") != std::string::npos);
    }
    SECTION("past its lifetime the link is dead") {
        f.clock.advance(7201);
        auto late = withdraw(f, w, w.code);
        CHECK(late.status == 410);
        CHECK(late.body.find("n’est plus valable") != std::string::npos);
    }
    SECTION("a refused request sends nothing and says why") {
        REQUIRE(request_certificate(f, medecin, "CABINET-PC4").status == 200);
        auto again = f.get(f.deps->endpoints.console_certificates, &admin);
        const auto before = f.store->outbox().recent(10, std::nullopt).size();
        REQUIRE(
            console(
                f, admin,
                {{"action", "refuse"}, {"certificate", first_id(again.body)}, {"reason", "Poste inconnu du cabinet"}})
                .status == 200);
        CHECK(f.store->outbox().recent(10, std::nullopt).size() == before);
        auto mine = f.get(f.deps->endpoints.account_certificates, &medecin);
        CHECK(mine.body.find("refusé : Poste inconnu du cabinet") != std::string::npos);
    }
}

TEST_CASE("a collective certificate names the workstation, never a person", "[unit][portal][workstation]") {
    OidcFixture f(kWorkstation);
    auto admin = signed_in(f, "pharmacien");
    auto invalid = console(f, admin, {{"action", "collective"}, {"workstation", ""}, {"site", ""}, {"mail_to", "x"}});
    CHECK(invalid.status == 400);
    CHECK(invalid.body.find("id=\"poste-collectif-erreur\"") != std::string::npos);
    CHECK(invalid.body.find("id=\"site-erreur\"") != std::string::npos);
    CHECK(invalid.body.find("id=\"destinataire-erreur\"") != std::string::npos);
    auto created = console(f, admin,
                           {{"action", "collective"},
                            {"workstation", "ACCUEIL-01"},
                            {"site", "Accueil des urgences"},
                            {"mail_to", "accueil@ch-demo.example"}});
    REQUIRE(created.status == 200);
    auto w = mailed(f, "accueil@ch-demo.example");
    auto file = withdraw(f, w, w.code);
    REQUIRE(file.status == 200);
    Browser shared;
    shared.certificate = presented(file.body);
    auto flow = test::start(f, shared, OidcFixture::kPublic);
    CHECK(flow.login_page.body.find("Poste partagé « ACCUEIL-01 »") != std::string::npos);
    CHECK(flow.login_page.body.find("id=\"login\" name=\"login\" type=\"text\" value=\"\"") != std::string::npos);
    auto done = test::post_password(f, shared, flow.login_page, "infirmier");
    auto tokens = test::redeem(f, shared, done, flow.code);
    CHECK(jwt_payload(tokens.id_token())["acr"] == "eidas1");
}

TEST_CASE("the console asks administrators for the configured level, by default the strictest service's",
          "[unit][portal][workstation]") {
    const std::string strict = "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\n"
                               "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                               "redirect_uris = [\"https://msg.test/cb\"]\nmin_acr = \"eidas2\"\n";
    const std::string console = "[workstation]\nenabled = true\n[console]\nadministrators = [\"pharmacien\"]\n";
    {
        OidcFixture f(console + strict);
        auto admin = signed_in(f, "pharmacien"); // a password session: eidas1
        auto page = f.get(f.deps->endpoints.console_certificates, &admin);
        CHECK(page.status == 403);
        CHECK(page.body.find("authentification renforcée") != std::string::npos);
    }
    {
        OidcFixture f(console); // no service asks more than a password
        auto admin = signed_in(f, "pharmacien");
        CHECK(f.get(f.deps->endpoints.console_certificates, &admin).status == 200);
    }
    {
        OidcFixture f(console + "min_acr = \"eidas3\"\n");
        auto admin = signed_in(f, "pharmacien");
        CHECK(f.get(f.deps->endpoints.console_certificates, &admin).status == 403);
    }
}

TEST_CASE("a password session steps up with the professional's own workstation certificate",
          "[unit][portal][workstation]") {
    OidcFixture f(kWorkstation);
    auto certificate = personal_certificate(f);
    Browser b;
    f.code_flow(OidcFixture::kPublic, b, "medecin"); // eidas1, before the certificate was installed
    b.certificate = certificate;
    auto flow = test::start(f, b, "msg");
    REQUIRE(flow.login_page.status == 200);
    CHECK(flow.login_page.body.find("confirmez votre connexion avec le certificat de ce poste") != std::string::npos);
    REQUIRE(flow.login_page.body.find("Confirmer avec le certificat de ce poste") != std::string::npos);
    auto done = f.post(f.deps->endpoints.login_workstation,
                       {{"csrf", hidden_field(flow.login_page.body, "csrf")},
                        {"interaction", hidden_field(flow.login_page.body, "interaction")}},
                       &b);
    auto tokens = test::redeem(f, b, done, flow.code);
    auto claims = jwt_payload(tokens.id_token());
    CHECK(claims["acr"] == "eidas2");
    CHECK(claims["amr"] == Json{"pwd", "swk", "mfa"});

    // Someone else's session on that computer: the certificate is not theirs to add. (The card is
    // offered so that the page has a form, hence a CSRF token to post with.)
    f.deps->login_methods.push_back(domain::LoginMethod::card);
    Browser nurse;
    f.code_flow(OidcFixture::kPublic, nurse, "infirmier");
    nurse.certificate = certificate;
    auto other = test::start(f, nurse, "msg");
    CHECK(other.login_page.body.find("Confirmer avec le certificat de ce poste") == std::string::npos);
    CHECK(other.login_page.body.find("reconnu") == std::string::npos);
    auto refused = f.post(f.deps->endpoints.login_workstation,
                          {{"csrf", hidden_field(other.login_page.body, "csrf")},
                           {"interaction", hidden_field(other.login_page.body, "interaction")}},
                          &nurse);
    CHECK(refused.status == 401);

    // Without a session, the certificate alone logs nobody in.
    Browser alone;
    alone.certificate = certificate;
    auto first = test::start(f, alone, "msg");
    auto nobody = f.post(f.deps->endpoints.login_workstation,
                         {{"csrf", hidden_field(first.login_page.body, "csrf")},
                          {"interaction", hidden_field(first.login_page.body, "interaction")}},
                         &alone);
    CHECK(nobody.status == 400);
}

TEST_CASE("an administrator does not approve their own workstation certificate", "[unit][portal][workstation]") {
    OidcFixture f(kWorkstation);
    auto admin = signed_in(f, "pharmacien");
    REQUIRE(request_certificate(f, admin, "PC-PHARMACIE").status == 200);
    auto page = f.get(f.deps->endpoints.console_certificates, &admin);
    auto refused = console(f, admin, {{"action", "approve"}, {"certificate", first_id(page.body)}});
    CHECK(refused.status == 403);
    CHECK(refused.body.find("un autre administrateur") != std::string::npos);
    CHECK(f.store->workstation_certificates().in_state(domain::CertificateState::requested, 10).size() == 1);
}
