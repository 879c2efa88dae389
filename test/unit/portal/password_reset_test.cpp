// "Mot de passe oublié" in-process: the real routes over a memory store and a fake clock; the
// mail is read from the outbox the way the sender would take it.
#include <catch2/catch.hpp>

#include <regex>

#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::OidcFixture;

namespace {

constexpr const char* kNewPassword = "Une phrase de passe bien longue";

http::Response ask_reset(OidcFixture& f, Browser& b, const std::string& identifier,
                         std::vector<std::pair<std::string, std::string>> extra = {}) {
    auto page = f.get(f.deps->endpoints.password_forgot, &b);
    REQUIRE(page.status == 200);
    b.take(page);
    std::vector<std::pair<std::string, std::string>> form = {{"csrf", hidden_field(page.body, "csrf")},
                                                             {"identifier", identifier}};
    for (auto& e : extra)
        form.push_back(e);
    return f.post(f.deps->endpoints.password_forgot, form, &b);
}

std::vector<domain::OutboundMail> mails(OidcFixture& f) {
    return f.store->outbox().recent(100, std::nullopt);
}

// The reset link's token in the newest mail's text.
std::string token_in(const domain::OutboundMail& mail) {
    std::smatch m;
    REQUIRE(std::regex_search(mail.text, m, std::regex("/password/reset\\?token=([A-Za-z0-9_-]+)")));
    return m[1];
}

http::Response set_password(OidcFixture& f, const std::string& token, const std::string& password,
                            const std::string& confirmation) {
    auto page = f.get(f.deps->endpoints.password_reset + "?token=" + token);
    if (page.status != 200) return page;
    return f.post(f.deps->endpoints.password_reset, {{"csrf", hidden_field(page.body, "csrf")},
                                                     {"token", token},
                                                     {"password", password},
                                                     {"confirmation", confirmation}});
}

// A portal login with `password`: the status of the login POST (303 = signed in).
int login_status(OidcFixture& f, const std::string& login, const std::string& password) {
    Browser b;
    auto page = f.get(f.deps->endpoints.login, &b);
    b.take(page);
    auto r = f.post(f.deps->endpoints.login,
                    {{"csrf", hidden_field(page.body, "csrf")}, {"login", login}, {"password", password}}, &b);
    return r.status;
}

} // namespace

TEST_CASE("a reset link is mailed to the account's address, with the same answer for everyone", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    auto known = ask_reset(f, b, "medecin");
    CHECK(known.status == 200);
    CHECK(known.body.find("Si un compte correspond") != std::string::npos);
    auto queued = mails(f);
    REQUIRE(queued.size() == 1);
    CHECK(queued[0].recipient == "claire.moreau@demo-esculape.example");
    CHECK(queued[0].subject == "Réinitialisation de votre mot de passe Esculape");
    CHECK(queued[0].text.find("Bonjour Claire MOREAU") != std::string::npos);
    const auto origin = f.deps->endpoints.issuer.substr(0, f.deps->endpoints.issuer.find('/', 8));
    CHECK(queued[0].text.find(origin + "/password/reset?token=") != std::string::npos);
    CHECK(queued[0].text.find("&#") == std::string::npos); // the text part is not HTML-escaped
    CHECK(queued[0].html.find("<a href=\"" + origin + "/password/reset?token=") != std::string::npos);
    CHECK(queued[0].state == domain::MailState::pending);

    Browser other;
    auto unknown = ask_reset(f, other, "personne");
    CHECK(unknown.status == 200);
    auto strip = [](std::string body, const std::string& identifier) {
        return std::regex_replace(body, std::regex("« " + identifier + " »|name=\"csrf\" value=\"[^\"]*\""), "");
    };
    CHECK(strip(unknown.body, "personne") == strip(known.body, "medecin"));
    CHECK(mails(f).size() == 1);
}

TEST_CASE("a reset can be asked by e-mail address; mails per account and requests per address are capped",
          "[unit][portal]") {
    OidcFixture f;
    Browser b;
    for (int i = 0; i < 5; ++i)
        CHECK(ask_reset(f, b, "Claire.Moreau@demo-esculape.example").status == 200);
    CHECK(mails(f).size() == 3); // three mails per account and hour, the same answer after
    f.clock.advance(3600);
    CHECK(ask_reset(f, b, "medecin").status == 200);
    CHECK(mails(f).size() == 4);
    for (int i = 0; i < 19; ++i)
        ask_reset(f, b, "personne-" + std::to_string(i));
    auto refused = ask_reset(f, b, "medecin");
    CHECK(refused.status == 429);
    CHECK(refused.body.find("Trop de demandes") != std::string::npos);
    CHECK(refused.body.find("value=\"medecin\"") != std::string::npos); // what was typed is kept
    CHECK(mails(f).size() == 4);
}

TEST_CASE("the forgot form: bad input gets a message next to the field, robots get nothing", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    auto empty = ask_reset(f, b, "  ");
    CHECK(empty.status == 400);
    CHECK(empty.body.find("id=\"identifier-erreur\"") != std::string::npos);
    CHECK(empty.body.find("aria-invalid=\"true\"") != std::string::npos);

    auto forged = f.post(f.deps->endpoints.password_forgot, {{"csrf", "forged"}, {"identifier", "medecin"}}, &b);
    CHECK(forged.status == 400);
    CHECK(forged.body.find("value=\"medecin\"") != std::string::npos);

    auto cross =
        f.post(f.deps->endpoints.password_forgot, {{"identifier", "medecin"}}, &b, {{"Sec-Fetch-Site", "cross-site"}});
    CHECK(cross.status == 403);

    auto robot = ask_reset(f, b, "medecin", {{"website", "https://spam.example"}});
    CHECK(robot.status == 200);
    CHECK(robot.body.find("Si un compte correspond") != std::string::npos);
    CHECK(mails(f).empty());
}

TEST_CASE("the link sets a new password once, under the policy, and ends every session", "[unit][portal]") {
    OidcFixture f;
    Browser signed_in;
    auto code = f.code_flow(OidcFixture::kConfidential, signed_in);
    auto tokens = f.exchange(code);
    REQUIRE(tokens.status == 200);
    REQUIRE(f.get("/", &signed_in).body.find("name=\"csrf\"") != std::string::npos); // the portal's sign-out form

    Browser b;
    ask_reset(f, b, "medecin");
    const auto token = token_in(mails(f).at(0));

    auto weak = set_password(f, token, "motdepasse", "motdepasse");
    CHECK(weak.status == 400);
    CHECK(weak.body.find("id=\"password-erreur\"") != std::string::npos);
    auto current = set_password(f, token, OidcFixture::kPassword, OidcFixture::kPassword);
    CHECK(current.status == 400);
    auto mismatch = set_password(f, token, kNewPassword, "Une autre phrase de passe");
    CHECK(mismatch.status == 400);
    CHECK(mismatch.body.find("id=\"confirmation-erreur\"") != std::string::npos);
    CHECK(mismatch.body.find(kNewPassword) == std::string::npos); // never written back

    auto done = set_password(f, token, kNewPassword, kNewPassword);
    CHECK(done.status == 200);
    CHECK(done.body.find("Mot de passe enregistré") != std::string::npos);

    CHECK(login_status(f, "medecin", OidcFixture::kPassword) == 401);
    CHECK(login_status(f, "medecin", kNewPassword) == 303);
    // The session opened before is over, and so are its tokens.
    CHECK(f.get("/", &signed_in).body.find("name=\"csrf\"") == std::string::npos);
    CHECK(f.refresh(OidcFixture::kConfidential, tokens.refresh_token()).status == 400);
    // Spent: the link works once.
    auto again = f.get(f.deps->endpoints.password_reset + "?token=" + token);
    CHECK(again.status == 400);
    CHECK(again.body.find("Lien expiré ou déjà utilisé") != std::string::npos);
    CHECK(f.store->accounts().previous_password_hashes(f.store->accounts().find_by_login("medecin")->id).size() == 1);
}

TEST_CASE("a reset link expires after 30 minutes; a forged or spent token changes nothing", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    ask_reset(f, b, "medecin");
    const auto token = token_in(mails(f).at(0));
    auto page = f.get(f.deps->endpoints.password_reset + "?token=" + token);
    REQUIRE(page.status == 200);
    f.clock.advance(30 * 60 + 1);
    auto late = f.post(f.deps->endpoints.password_reset, {{"csrf", hidden_field(page.body, "csrf")},
                                                          {"token", token},
                                                          {"password", kNewPassword},
                                                          {"confirmation", kNewPassword}});
    CHECK(late.status == 400);
    CHECK(login_status(f, "medecin", OidcFixture::kPassword) == 303);
    CHECK(f.get(f.deps->endpoints.password_reset + "?token=forged").status == 400);
    CHECK(f.get(f.deps->endpoints.password_reset).status == 400);
    CHECK(f.post(f.deps->endpoints.password_reset, {{"token", token}}).status == 400);
}

TEST_CASE("the reset form refuses a forged CSRF token and keeps the link usable", "[unit][portal]") {
    OidcFixture f;
    Browser b;
    ask_reset(f, b, "medecin");
    const auto token = token_in(mails(f).at(0));
    auto forged = f.post(f.deps->endpoints.password_reset,
                         {{"csrf", "x"}, {"token", token}, {"password", kNewPassword}, {"confirmation", kNewPassword}});
    CHECK(forged.status == 400);
    CHECK(forged.body.find("Le formulaire a expiré") != std::string::npos);
    CHECK(set_password(f, token, kNewPassword, kNewPassword).status == 200);
}
