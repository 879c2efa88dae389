#include "web/views/console_grant.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kGrant{"console_grant"};
} // namespace

std::string render_view(const Pages& pages, const ConsoleGrantView& view) {
    PageData d;
    d.set("user", view.user);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("national_id", view.national_id);
    set_optional(d, "search_error", view.search_error);
    d.set("found", view.found);
    d.set("professional", view.professional);
    d.set("profession", view.profession);
    d.set("places", view.places);
    set_optional(d, "login", view.login);
    d.set("email", view.email);
    set_optional(d, "email_error", view.email_error);
    PageData services = list_of();
    for (const auto& s : view.services) {
        PageData item;
        item.set("id", s.id);
        item.set("name", s.name);
        item.set("checked", s.selected);
        services.push_back(item);
    }
    d.set("services", services);
    d.set("has_services", !view.services.empty());
    PageData already = list_of();
    for (const auto& name : view.already)
        already.push_back(PageData(name));
    d.set("already", already);
    d.set("has_already", !view.already.empty());
    set_optional(d, "services_error", view.services_error);
    set_optional(d, "message", view.message);
    d.set("list_url", view.list_url);
    return pages.render(kGrant, "Console — accorder un accès", d);
}

} // namespace esc::web
