#pragma once
#include <string>

#include "web/pages.hpp"

namespace esc::web {

// A plain page with a heading and a paragraph, e.g. a 404 ("Page introuvable").
struct MessageView {
    std::string title;
    std::string text;
};

// The page, rendered in the layout (template web/templates/message.mustache).
std::string render_view(const Pages& pages, const MessageView& view);

} // namespace esc::web
