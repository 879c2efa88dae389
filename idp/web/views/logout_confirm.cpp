#include "web/views/logout_confirm.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"logout_confirm"};
} // namespace

std::string render_view(const Pages& pages, const LogoutConfirmView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("client_name", view.client_name);
    d.set("has_client", !view.client_name.empty());
    d.set("hidden", hidden_fields(view.hidden));
    d.set("cancel_url", view.cancel_url.empty() ? pages.home_url() : view.cancel_url);
    return pages.render(kTemplate, "Se déconnecter ?", d);
}

} // namespace esc::web
