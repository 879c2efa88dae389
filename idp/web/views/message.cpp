#include "web/views/message.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"message"};
} // namespace

std::string render_view(const Pages& pages, const MessageView& view) {
    PageData d;
    d.set("heading", view.title);
    d.set("text", view.text);
    return pages.render(kTemplate, view.title, d);
}

} // namespace esc::web
