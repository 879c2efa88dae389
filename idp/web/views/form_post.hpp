#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// OAuth 2.0 Form Post Response Mode §2: the browser posts the response to the redirect URI.
// Without JavaScript the user presses "Continuer".
struct FormPostView {
    std::string action; // the verified redirect URI
    std::string client_name;
    std::vector<HiddenField> fields; // code, state, iss… or error, error_description, state, iss
};

// The page, rendered in the layout (template web/templates/form_post.mustache).
std::string render_view(const Pages& pages, const FormPostView& view);

} // namespace esc::web
