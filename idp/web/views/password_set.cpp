#include "web/views/password_set.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"password_set"};
} // namespace

std::string render_view(const Pages& pages, const PasswordSetView& view) {
    PageData d;
    d.set("heading", view.heading);
    d.set("intro", view.intro);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("hidden", hidden_fields(view.hidden));
    d.set("login", view.login);
    d.set("min_length", std::to_string(view.min_length));
    PageData errors = list_of();
    for (const auto& e : view.password_errors)
        errors.push_back(PageData(e));
    d.set("has_password_errors", !view.password_errors.empty());
    d.set("password_errors", errors);
    set_optional(d, "confirmation_error", view.confirmation_error);
    set_optional(d, "form_error", view.form_error);
    return pages.render(kTemplate, view.heading, d);
}

} // namespace esc::web
