#pragma once
#include <string>

#include "web/pages.hpp"

namespace esc::web {

// Shown when the client or its redirect URI cannot be trusted, so the error cannot be
// redirected (RFC 6749 §4.1.2.1).
struct ErrorView {
    std::string title = "Erreur";
    std::string message;     // French explanation; "" → oauth_error_explanation(code)
    std::string code;        // OAuth error code, shown in <code> for integrators
    std::string description; // the public OAuth error_description (technical, may be English)
    std::string request_id;
};

// The page, rendered in the layout (template web/templates/error.mustache).
std::string render_view(const Pages& pages, const ErrorView& view);

} // namespace esc::web
