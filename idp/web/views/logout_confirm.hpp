#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// OIDC RP-Initiated Logout §2: the professional chooses to leave only the service (the Esculape
// session stays for the others) or to log out everywhere (the session ends, every relying party is
// told by back-channel logout). Without a known client, only "log out" or "stay".
// Field names posted: csrf, scope (everywhere | service), then each hidden field.
struct LogoutConfirmView {
    std::string action;
    std::string csrf;
    std::string client_name;         // "" when unknown
    std::vector<HiddenField> hidden; // e.g. post_logout_redirect_uri, state, client_id
    std::string cancel_url;          // "" → portal home
};

// The page, rendered in the layout (template web/templates/logout_confirm.mustache).
std::string render_view(const Pages& pages, const LogoutConfirmView& view);

} // namespace esc::web
