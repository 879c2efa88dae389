#include "web/views/logged_out.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"logged_out"};
} // namespace

std::string render_view(const Pages& pages, const LoggedOutView& view) {
    PageData d;
    d.set("client_name", view.client_name);
    d.set("has_client", !view.client_name.empty());
    return pages.render(kTemplate, "Session fermée", d);
}

} // namespace esc::web
