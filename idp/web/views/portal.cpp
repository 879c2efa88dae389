#include "web/views/portal.hpp"

#include "web/labels.hpp"
#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"portal"};

// "25300 Pontarlier"; for a CEDEX address the bureau distributeur line already says it all.
std::string town_of(const domain::Activity& a) {
    if (!a.bureauCedex.empty()) return a.bureauCedex;
    if (a.libelleCommune.empty()) return a.codePostal;
    if (a.codePostal.empty()) return a.libelleCommune;
    return a.codePostal + " " + a.libelleCommune;
}

PageData portal_practices(const std::vector<PortalPractice>& practices) {
    PageData list = list_of();
    for (const auto& practice : practices) {
        PageData item;
        item.set("profession", profession_text(practice.profession_code));
        const auto specialty = savoir_faire_label(practice.savoir_faire_code);
        item.set("has_specialty", !specialty.empty());
        item.set("specialty", std::string(specialty));
        PageData places = list_of();
        for (const auto& place : practice.places) {
            PageData p;
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

PageData portal_tiles(const std::vector<PortalTile>& tiles) {
    PageData list = list_of();
    for (const auto& tile : tiles) {
        PageData item;
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

std::vector<PortalPractice> portal_practices_of(const domain::Professional& professional) {
    std::vector<PortalPractice> practices;
    for (const auto& exercice : professional.exercices) {
        PortalPractice practice{exercice.codeProfession, exercice.codeSavoirFaire, {}};
        for (const auto& activity : exercice.activities) {
            // Rows without a structure (students, retired) carry no place worth listing.
            const std::string& name =
                activity.raisonSocialeSite.empty() ? activity.enseigneCommercialeSite : activity.raisonSocialeSite;
            const std::string town = town_of(activity);
            if (name.empty() && town.empty()) continue;
            practice.places.push_back({name, town, activity.codeSecteurDactivite});
        }
        practices.push_back(std::move(practice));
    }
    return practices;
}

std::string render_view(const Pages& pages, const PortalView& view) {
    PageData d;
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
    d.set("register_url", view.register_url);
    d.set("account_url", view.account_url);
    set_optional(d, "console_url", view.console_url);
    PageData offers = list_of();
    for (const auto& o : view.offers) {
        PageData item;
        item.set("client_id", o.client_id);
        item.set("name", o.name);
        item.set("requestable", o.state.empty());
        item.set("pending", o.state == "to_process");
        item.set("refused", o.state == "refused");
        item.set("since", o.since);
        set_optional(item, "reason", o.reason);
        offers.push_back(item);
    }
    d.set("offers", offers);
    d.set("has_offers", !view.offers.empty());
    d.set("access_action", view.access_action);
    set_optional(d, "profession", view.profession);
    d.set("password_warning", view.password_days_left >= 0);
    d.set("password_days_left", std::to_string(view.password_days_left));
    d.set("login_url", view.login_url);
    const char* title = view.signed_in ? "Mon espace" : "Accueil";
    return pages.render(kTemplate, title, d);
}

} // namespace esc::web
