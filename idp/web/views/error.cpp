#include "web/views/error.hpp"

#include "web/labels.hpp"
#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"error"};
} // namespace

std::string render_view(const Pages& pages, const ErrorView& view) {
    PageData d;
    d.set("heading", view.title);
    d.set("message", view.message.empty() ? std::string(oauth_error_explanation(view.code)) : view.message);
    d.set("code", view.code);
    d.set("has_code", !view.code.empty());
    d.set("description", view.description);
    d.set("has_description", !view.description.empty());
    d.set("request_id", view.request_id);
    d.set("has_request_id", !view.request_id.empty());
    return pages.render(kTemplate, view.title, d);
}

} // namespace esc::web
