#include "web/views/form_post.hpp"

#include "web/headers.hpp"
#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"form_post"};
} // namespace

std::string render_view(const Pages& pages, const FormPostView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("service_name", service_name(view.client_name));
    d.set("fields", hidden_fields(view.fields));
    d.set("script", std::string(kFormPostScript)); // its hash is in the page's CSP (web/headers.hpp)
    return pages.render(kTemplate, "Retour vers le service", d);
}

} // namespace esc::web
