#pragma once
#include <string>
#include <vector>

#include "domain/professional.hpp"

#include "web/pages.hpp"

namespace esc::web {

struct PortalPlace {
    std::string name; // raison sociale, else enseigne commerciale
    std::string town; // libellé commune, with the postal code when known
    std::string secteur_code;
};

struct PortalPractice {
    std::string profession_code;
    std::string savoir_faire_code;
    std::vector<PortalPlace> places;
};

struct PortalTile {
    std::string name;
    std::string url;         // http(s) or a path on this server; anything else is shown without a link
    std::string description; // optional
};

// Field names posted by the logout form: csrf.
struct PortalView {
    bool signed_in = false;
    std::string given_name;
    std::string family_name;
    std::string national_id;
    std::vector<PortalPractice> practices;
    std::vector<PortalTile> tiles;
    std::string logout_action;
    std::string csrf; // make_csrf(session_csrf_binding(session id hash), …)
    std::string login_url;
    std::string register_url;
};

// The portal's practices of a directory professional: one per exercice, one place per activity.
std::vector<PortalPractice> portal_practices_of(const domain::Professional& professional);

// The page, rendered in the layout (template web/templates/portal.mustache).
std::string render_view(const Pages& pages, const PortalView& view);

} // namespace esc::web
