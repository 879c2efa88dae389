#include "web/views/password_forgot.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"password_forgot"};
} // namespace

std::string render_view(const Pages& pages, const PasswordForgotView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("login_url", view.login_url);
    d.set("identifier", view.identifier);
    set_optional(d, "error", view.error);
    d.set("sent", view.sent);
    d.set("minutes", std::to_string(view.minutes));
    return pages.render(kTemplate, "Mot de passe oublié", d);
}

} // namespace esc::web
