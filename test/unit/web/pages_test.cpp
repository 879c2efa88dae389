#include <algorithm>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

#include "web/headers.hpp"
#include "web/pages.hpp"
#include "web/views/error.hpp"
#include "web/views/form_post.hpp"
#include "web/views/logged_out.hpp"
#include "web/views/login.hpp"
#include "web/views/logout_confirm.hpp"
#include "web/views/message.hpp"
#include "web/views/portal.hpp"

using namespace esc::web;
namespace fs = std::filesystem;

namespace {

fs::path templates_dir() {
    if (const char* dir = std::getenv("ESC_WEB_TEMPLATES")) return dir;
    return fs::path(__FILE__).parent_path() / "../../../idp/web/templates";
}

const Pages& pages() {
    static const Pages instance(templates_dir(), "/portail");
    return instance;
}

bool has(const std::string& html, std::string_view text) {
    return html.find(text) != std::string::npos;
}

} // namespace

TEST_CASE("every page is a French document with the layout", "[unit][web][pages]") {
    const auto html =
        pages().render(esc::web::MessageView{"Page introuvable", "Cette adresse ne correspond à aucune page."});
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(has(html, "<html lang=\"fr\">"));
    CHECK(has(html, "<title>Page introuvable – Esculape</title>"));
    CHECK(has(html, "<h1>Page introuvable</h1>"));
    CHECK(has(html, "Cette adresse ne correspond à aucune page."));
    CHECK(has(html, "href=\"#contenu\">Aller au contenu"));
    CHECK(has(html, "href=\"/static/esculape.css?v="));
    CHECK(has(html, "href=\"/portail\""));
    CHECK_FALSE(has(html, "<script"));
    CHECK_FALSE(has(html, "{{"));
}

TEST_CASE("login page has labelled fields, hidden csrf and interaction", "[unit][web][pages]") {
    LoginView view;
    view.action = "/login";
    view.csrf = "1700000000.mac";
    view.interaction = "int-42";
    view.client_name = "Dossier de coordination";
    view.login_hint = "jdupont";
    const auto html = pages().render(view);
    CHECK(has(html, "<title>Connexion – Esculape</title>"));
    CHECK(has(html, "<h1>Connexion</h1>"));
    CHECK(has(html, "<strong>Dossier de coordination</strong>"));
    CHECK(has(html, "<form method=\"post\" action=\"/login\">"));
    CHECK(has(html, "name=\"csrf\" value=\"1700000000.mac\""));
    CHECK(has(html, "name=\"interaction\" value=\"int-42\""));
    CHECK(has(html, "<label for=\"login\">Identifiant</label>"));
    CHECK(has(html, "id=\"login\" name=\"login\" type=\"text\" value=\"jdupont\" autocomplete=\"username\""));
    CHECK(has(html, "<label for=\"password\">Mot de passe</label>"));
    CHECK(has(html, "autocomplete=\"current-password\""));
    CHECK(has(html, "Mot de passe oublié ?"));
    CHECK_FALSE(has(html, "role=\"alert\""));
    CHECK_FALSE(has(html, "aria-invalid"));
    CHECK_FALSE(has(html, "Environnement de démonstration"));
    CHECK(has(pages().render(LoginView{}), "<strong>Portail Esculape</strong>"));
}

TEST_CASE("login errors are announced and tied to the fields", "[unit][web][pages]") {
    LoginView view;
    view.error = kMsgBadCredentials;
    view.throttled_minutes = 5;
    const auto html = pages().render(view);
    CHECK(has(html, "<title>Erreur : Connexion – Esculape</title>"));
    CHECK(has(html, "role=\"alert\" id=\"erreur-formulaire\""));
    CHECK(has(html, "<p>Identifiant ou mot de passe incorrect.</p>"));
    CHECK(has(html, "<p>Trop de tentatives. Réessayez dans 5 minutes.</p>"));
    CHECK(has(html, "aria-describedby=\"login-aide erreur-formulaire\" aria-invalid=\"true\""));
    CHECK(has(html, "aria-describedby=\"erreur-formulaire\" aria-invalid=\"true\""));

    LoginView one;
    one.throttled_minutes = 1;
    CHECK(has(pages().render(one), "Réessayez dans 1 minute.</p>"));
}

TEST_CASE("login page lists the sandbox accounts when asked", "[unit][web][pages]") {
    LoginView view;
    view.sandbox = true;
    view.sandbox_password = "demo-2024";
    view.sandbox_logins = {{"medecin.test", "10"}, {"psy.test", "93"}, {"autre.test", "77"}};
    const auto html = pages().render(view);
    CHECK(has(html, "Environnement de démonstration"));
    CHECK(has(html, "<th scope=\"col\">Identifiant</th><th scope=\"col\">Profession</th>"));
    CHECK(has(html, "<tr><td><code>medecin.test</code></td><td>Médecin</td></tr>"));
    CHECK(has(html, "<tr><td><code>psy.test</code></td><td>Psychologue</td></tr>"));
    CHECK(has(html, "<td>Profession (code 77)</td>"));
    // The shared password is shown once, not per account.
    const auto first = html.find("demo-2024");
    REQUIRE(first != std::string::npos);
    CHECK(html.find("demo-2024", first + 1) == std::string::npos);
}

TEST_CASE("user data is HTML-escaped everywhere", "[unit][web][pages]") {
    LoginView login;
    login.login_hint = "\"><script>alert(1)</script>";
    login.client_name = "<b>RP</b> & co";
    login.error = "<img src=x onerror=alert(1)>";
    const auto html = pages().render(login);
    CHECK_FALSE(has(html, "<script>"));
    CHECK_FALSE(has(html, "<img"));
    CHECK(has(html, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    CHECK(has(html, "&lt;b&gt;RP&lt;/b&gt; &amp; co"));

    // A value that looks like a mustache tag is printed, never rendered.
    PortalView portal;
    portal.signed_in = true;
    portal.given_name = "{{csrf}}";
    portal.family_name = "O'Brien";
    portal.csrf = "secret-token";
    const auto page = pages().render(portal);
    CHECK(has(page, "Bonjour {{csrf}} O&apos;Brien"));

    FormPostView post;
    post.action = "https://rp.example/cb";
    post.fields = {{"state", "\" onfocus=\"x"}};
    CHECK(has(pages().render(post), "name=\"state\" value=\"&quot; onfocus=&quot;x\""));
}

TEST_CASE("error page explains in French and shows the code for integrators", "[unit][web][pages]") {
    ErrorView view;
    view.code = "invalid_client";
    view.description = "unknown client_id";
    view.request_id = "req-123";
    const auto html = pages().render(view);
    CHECK(has(html, "<title>Erreur – Esculape</title>"));
    CHECK(has(html, "<h1>Erreur</h1>"));
    CHECK(has(html, "role=\"alert\""));
    CHECK(has(html, "n’est pas reconnu"));
    CHECK(has(html, "<code>invalid_client</code>"));
    CHECK(has(html, "unknown client_id"));
    CHECK(has(html, "<code>req-123</code>"));
    CHECK(has(html, "href=\"/portail\">Retour à l’accueil du portail"));

    ErrorView custom;
    custom.message = "L’adresse de retour n’est pas enregistrée.";
    custom.request_id = "req-9";
    const auto other = pages().render(custom);
    CHECK(has(other, "L’adresse de retour n’est pas enregistrée."));
    CHECK(has(other, "Référence de la demande : <code>req-9</code>"));
    CHECK_FALSE(has(other, "Code d’erreur"));
}

TEST_CASE("logout pages", "[unit][web][pages]") {
    const auto closed = pages().render(LoggedOutView{"Messagerie sécurisée"});
    CHECK(has(closed, "<h1>Session fermée</h1>"));
    CHECK(has(closed, "déconnecté d’Esculape et de Messagerie sécurisée."));

    LogoutConfirmView confirm;
    confirm.action = "/logout";
    confirm.csrf = "tok";
    confirm.hidden = {{"post_logout_redirect_uri", "https://rp.example/bye"}, {"state", "s1"}};
    const auto html = pages().render(confirm);
    CHECK(has(html, "<title>Se déconnecter ? – Esculape</title>"));
    CHECK(has(html, "<form method=\"post\" action=\"/logout\">"));
    CHECK(has(html, "name=\"csrf\" value=\"tok\""));
    CHECK(has(html, "name=\"post_logout_redirect_uri\" value=\"https://rp.example/bye\""));
    CHECK(has(html, "name=\"state\" value=\"s1\""));
    CHECK(has(html, "href=\"/portail\">Rester connecté"));
}

TEST_CASE("form_post page posts every field to the redirect URI, by script and by its button", "[unit][web][pages]") {
    FormPostView view;
    view.action = "https://rp.example/callback";
    view.client_name = "OpenDRP";
    view.fields = {{"code", "abc"}, {"state", "xyz"}, {"iss", "https://idp.example"}};
    const auto html = pages().render(view);
    CHECK(has(html, "<form method=\"post\" action=\"https://rp.example/callback\">"));
    CHECK(has(html, "<input type=\"hidden\" name=\"code\" value=\"abc\">"));
    CHECK(has(html, "<input type=\"hidden\" name=\"state\" value=\"xyz\">"));
    CHECK(has(html, "<input type=\"hidden\" name=\"iss\" value=\"https://idp.example\">"));
    CHECK(has(html, ">Continuer</button>"));
    CHECK(has(html, "<strong>OpenDRP</strong>"));
    // Form Post Response Mode §2: submitted on load; the exact text whose hash the CSP allows.
    CHECK(has(html, std::string("<script>") + kFormPostScript + "</script>"));
}

TEST_CASE("portal shows identity, practices and tiles when signed in", "[unit][web][pages]") {
    esc::domain::Professional pro;
    esc::domain::Exercice ex;
    ex.codeProfession = "10";
    ex.codeSavoirFaire = "SM53";
    esc::domain::Activity act;
    act.raisonSocialeSite = "CH de Pontarlier";
    act.codePostal = "25300";
    act.libelleCommune = "Pontarlier";
    act.codeSecteurDactivite = "SA01";
    ex.activities = {act, esc::domain::Activity{}};
    pro.exercices = {ex};

    PortalView view;
    view.signed_in = true;
    view.given_name = "Jeanne";
    view.family_name = "MARTIN";
    view.national_id = "810001234567";
    view.practices = portal_practices_of(pro);
    view.tiles = {{"Messagerie", "https://mss.example/", "Messagerie sécurisée"}, {"Piège", "javascript:alert(1)", ""}};
    view.logout_action = "/logout";
    view.csrf = "tok";
    REQUIRE(view.practices.size() == 1);
    CHECK(view.practices[0].places.size() == 1); // the activity without structure is not a place

    const auto html = pages().render(view);
    CHECK(has(html, "<h1>Bonjour Jeanne MARTIN</h1>"));
    CHECK(has(html, "<code>810001234567</code>"));
    CHECK(has(html, "<h3>Médecin</h3>"));
    CHECK(has(html, "Spécialiste en médecine générale"));
    CHECK(has(html, "CH de Pontarlier</span>, 25300 Pontarlier"));
    CHECK(has(html, "Établissement public de santé"));
    CHECK(has(html, "<a class=\"tile-name\" href=\"https://mss.example/\">Messagerie</a>"));
    CHECK(has(html, "<span class=\"tile-name\">Piège</span>"));
    CHECK_FALSE(has(html, "javascript:"));
    CHECK(has(html, "<form class=\"inline-form\" method=\"post\" action=\"/logout\">"));
    CHECK(has(html, "name=\"csrf\" value=\"tok\""));
    CHECK_FALSE(has(html, "Se connecter"));
}

TEST_CASE("portal welcomes visitors who are not signed in", "[unit][web][pages]") {
    PortalView view;
    view.login_url = "/login";
    const auto html = pages().render(view);
    CHECK(has(html, "<h1>Bienvenue sur Esculape</h1>"));
    CHECK(has(html, "href=\"/login\">Se connecter</a>"));
    CHECK_FALSE(has(html, "Bonjour"));
    CHECK_FALSE(has(html, "Se déconnecter"));
}

TEST_CASE("a missing template is named at start-up", "[unit][web][pages]") {
    const auto dir = fs::temp_directory_path() / ("esc-web-templates-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<std::string> names = PageTemplate::declared();
    names.push_back("layout");
    CHECK(std::find(names.begin(), names.end(), "portal") != names.end()); // the portal view declared its template
    for (const auto& name : names)
        if (name != "portal") fs::copy_file(templates_dir() / (name + ".mustache"), dir / (name + ".mustache"));
    try {
        Pages broken(dir);
        FAIL("no exception for a missing template");
    } catch (const std::runtime_error& e) {
        CHECK(has(e.what(), "portal.mustache"));
    }
    std::ofstream(dir / "portal.mustache") << "{{#signed_in}}unclosed";
    CHECK_THROWS_WITH(Pages(dir), Catch::Contains("portal.mustache") && Catch::Contains("not valid mustache"));
    fs::remove_all(dir);
}
