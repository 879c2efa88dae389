#include "web/pages.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "web/headers.hpp"
#include "web/labels.hpp"
#include "web/stylesheet.hpp"

namespace esc::web {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr std::string_view kDefaultService = "Portail Esculape";

std::string read_template(const std::filesystem::path& dir, const std::string& name) {
    const auto path = dir / (name + ".mustache");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("web template missing or unreadable: " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    mustache parsed{text.str()};
    if (!parsed.is_valid())
        throw std::runtime_error("web template " + path.string() + " is not valid mustache: " + parsed.error_message());
    return text.str();
}

data list_of() {
    return data{data::type::list};
}

std::string service_name(const std::string& client_name) {
    return client_name.empty() ? std::string(kDefaultService) : client_name;
}

std::string profession_text(const std::string& code) {
    if (code.empty()) return "Profession non renseignée";
    const auto label = profession_label(code);
    return label.empty() ? "Profession (code " + code + ")" : std::string(label);
}

// Only web addresses and paths of this server become links: a "javascript:" or "data:" URL from
// a misconfigured tile must not run in the portal's origin.
bool is_safe_link(std::string_view url) {
    if (url.starts_with("https://") || url.starts_with("http://")) return true;
    return url.starts_with("/") && !url.starts_with("//");
}

data hidden_fields(const std::vector<HiddenField>& fields) {
    data list = list_of();
    for (const auto& f : fields) {
        data item;
        item.set("name", f.name);
        item.set("value", f.value);
        list.push_back(item);
    }
    return list;
}

std::string throttle_message(int minutes) {
    return "Trop de tentatives. Réessayez dans " + std::to_string(minutes) + (minutes > 1 ? " minutes." : " minute.");
}

data sandbox_logins(const std::vector<SandboxLogin>& logins) {
    data list = list_of();
    for (const auto& account : logins) {
        data item;
        item.set("login", account.login);
        item.set("profession", profession_text(account.profession_code));
        list.push_back(item);
    }
    return list;
}

data portal_practices(const std::vector<PortalPractice>& practices) {
    data list = list_of();
    for (const auto& practice : practices) {
        data item;
        item.set("profession", profession_text(practice.profession_code));
        const auto specialty = savoir_faire_label(practice.savoir_faire_code);
        item.set("has_specialty", !specialty.empty());
        item.set("specialty", std::string(specialty));
        data places = list_of();
        for (const auto& place : practice.places) {
            data p;
            p.set("name", place.name.empty() ? std::string("Structure sans nom") : place.name);
            p.set("town", place.town);
            p.set("has_town", !place.town.empty());
            const auto sector = secteur_activite_label(place.secteur_code);
            p.set("sector", std::string(sector));
            p.set("has_sector", !sector.empty());
            places.push_back(p);
        }
        item.set("has_places", !practice.places.empty());
        item.set("places", places);
        list.push_back(item);
    }
    return list;
}

data portal_tiles(const std::vector<PortalTile>& tiles) {
    data list = list_of();
    for (const auto& tile : tiles) {
        data item;
        item.set("name", tile.name);
        item.set("url", tile.url);
        item.set("has_link", is_safe_link(tile.url));
        item.set("description", tile.description);
        item.set("has_description", !tile.description.empty());
        list.push_back(item);
    }
    return list;
}

} // namespace

Pages::Pages(const std::filesystem::path& templates_dir, std::string home_url) : home_url_(std::move(home_url)) {
    for (const char* name : kTemplateNames)
        templates_.emplace(name, read_template(templates_dir, name));
}

const std::string& Pages::source(std::string_view name) const {
    return templates_.find(name)->second;
}

namespace {

// The page template is included in the layout as the partial "body", rendered with the same data.
std::string render_in_layout(const std::string& layout_source, const std::string& body_source, std::string_view title,
                             const std::string& home_url, data& values) {
    values.set("body", body_source);
    values.set("title", std::string(title));
    values.set("home_url", home_url);
    values.set("stylesheet_url", std::string(kStylesheetPath) + "?v=" + stylesheet_version());
    mustache layout{layout_source};
    std::string html = layout.render(values);
    if (!layout.error_message().empty()) throw std::runtime_error("web page rendering: " + layout.error_message());
    return html;
}

} // namespace

std::string Pages::render_login(const LoginView& view) const {
    data d;
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("interaction", view.interaction);
    d.set("service_name", service_name(view.client_name));
    d.set("login_hint", view.login_hint);
    data messages = list_of();
    if (view.throttled_minutes > 0) messages.push_back(data{throttle_message(view.throttled_minutes)});
    if (!view.error.empty()) messages.push_back(data{view.error});
    const bool has_messages = view.throttled_minutes > 0 || !view.error.empty();
    d.set("has_messages", has_messages);
    d.set("messages", messages);
    d.set("sandbox", view.sandbox);
    d.set("sandbox_logins", sandbox_logins(view.sandbox_logins));
    d.set("has_sandbox_password", !view.sandbox_password.empty());
    d.set("sandbox_password", view.sandbox_password);
    d.set("has_certificate", !view.certificate_subject.empty());
    d.set("certificate_subject", view.certificate_subject);
    d.set("certificate_verified", view.certificate_verified);
    // WCAG 3.3.1: the page title says there is an error before anything else is read.
    return render_in_layout(source("layout"), source("login"), has_messages ? "Erreur : Connexion" : "Connexion",
                            home_url_, d);
}

std::string Pages::render_error(const ErrorView& view) const {
    data d;
    d.set("heading", view.title);
    d.set("message", view.message.empty() ? std::string(oauth_error_explanation(view.code)) : view.message);
    d.set("code", view.code);
    d.set("has_code", !view.code.empty());
    d.set("description", view.description);
    d.set("has_description", !view.description.empty());
    d.set("request_id", view.request_id);
    d.set("has_request_id", !view.request_id.empty());
    return render_in_layout(source("layout"), source("error"), view.title, home_url_, d);
}

std::string Pages::render_logged_out(const LoggedOutView& view) const {
    data d;
    d.set("client_name", view.client_name);
    d.set("has_client", !view.client_name.empty());
    return render_in_layout(source("layout"), source("logged_out"), "Session fermée", home_url_, d);
}

std::string Pages::render_logout_confirm(const LogoutConfirmView& view) const {
    data d;
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("client_name", view.client_name);
    d.set("has_client", !view.client_name.empty());
    d.set("hidden", hidden_fields(view.hidden));
    d.set("cancel_url", view.cancel_url.empty() ? home_url_ : view.cancel_url);
    return render_in_layout(source("layout"), source("logout_confirm"), "Se déconnecter ?", home_url_, d);
}

std::string Pages::render_form_post(const FormPostView& view) const {
    data d;
    d.set("action", view.action);
    d.set("service_name", service_name(view.client_name));
    d.set("fields", hidden_fields(view.fields));
    d.set("script", std::string(kFormPostScript)); // its hash is in the page's CSP (web/headers.hpp)
    return render_in_layout(source("layout"), source("form_post"), "Retour vers le service", home_url_, d);
}

std::string Pages::render_portal(const PortalView& view) const {
    data d;
    d.set("signed_in", view.signed_in);
    d.set("given_name", view.given_name);
    d.set("family_name", view.family_name);
    d.set("national_id", view.national_id);
    d.set("practices", portal_practices(view.practices));
    d.set("has_practices", !view.practices.empty());
    d.set("tiles", portal_tiles(view.tiles));
    d.set("has_tiles", !view.tiles.empty());
    d.set("logout_action", view.logout_action);
    d.set("csrf", view.csrf);
    d.set("login_url", view.login_url);
    const char* title = view.signed_in ? "Mon espace" : "Accueil";
    return render_in_layout(source("layout"), source("portal"), title, home_url_, d);
}

std::string Pages::render_message(std::string_view title, std::string_view text) const {
    data d;
    d.set("heading", std::string(title));
    d.set("text", std::string(text));
    return render_in_layout(source("layout"), source("message"), title, home_url_, d);
}

} // namespace esc::web
