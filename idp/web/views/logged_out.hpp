#pragma once
#include <string>

#include "web/pages.hpp"

namespace esc::web {

struct LoggedOutView {
    std::string client_name; // service that asked for the logout, "" when unknown
};

// The page, rendered in the layout (template web/templates/logged_out.mustache).
std::string render_view(const Pages& pages, const LoggedOutView& view);

} // namespace esc::web
