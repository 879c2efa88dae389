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

// A service the professional does not have yet (the carousel): `state` is "" (never requested: a
// "request access" button), "to_process" or "refused".
struct PortalOffer {
    std::string client_id;
    std::string name;
    std::string state;
    std::string since;  // when requested or decided, French date
    std::string reason; // a refusal's reason, if given
};

// Field names posted by the logout form: csrf; by the access request form: csrf, client_id.
struct PortalView {
    bool signed_in = false;
    std::string given_name;
    std::string family_name;
    std::string national_id;
    std::vector<PortalPractice> practices;
    std::vector<PortalTile> tiles;
    std::vector<PortalOffer> offers;
    std::string access_action;   // POST target of "Demander l'accès"
    std::string profession;      // an account outside the directory: the profession it declared
    int password_days_left = -1; // >= 0: the password expires in that many days (warning)
    std::string logout_action;
    std::string csrf; // make_csrf(session_csrf_binding(session id hash), …)
    std::string login_url;
    std::string register_url;
    std::string account_url;
    std::string console_url; // "" unless the person has a console role (referent, helpdesk, administrator)
};

// The portal's practices of a directory professional: one per exercice, one place per activity.
std::vector<PortalPractice> portal_practices_of(const domain::Professional& professional);

// The page, rendered in the layout (template web/templates/portal.mustache).
std::string render_view(const Pages& pages, const PortalView& view);

} // namespace esc::web
