#include "web/views/console_services.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kServices{"console_services"};

PageData service_data(const ConsoleServicesView::Service& s, const std::string& action, const std::string& csrf) {
    PageData item;
    item.set("id", s.id);
    item.set("name", s.name);
    set_optional(item, "description", s.description);
    item.set("policy", s.policy);
    item.set("min_level", s.min_level);
    set_optional(item, "front_url", s.front_url);
    PageData uris = list_of();
    for (const auto& u : s.redirect_uris)
        uris.push_back(PageData(u));
    item.set("redirect_uris", uris);
    item.set("auth_method", s.auth_method);
    set_optional(item, "backchannel_logout_uri", s.backchannel_logout_uri);
    item.set("on_approval", s.on_approval);
    PageData referents = list_of();
    for (const auto& r : s.referents) {
        PageData ref;
        ref.set("login", r.login);
        ref.set("territory", r.territory);
        ref.set("is_default", r.is_default);
        ref.set("from_file", r.from_file);
        ref.set("service", s.id);
        ref.set("action", action);
        ref.set("csrf", csrf);
        referents.push_back(ref);
    }
    item.set("referents", referents);
    item.set("has_referents", !s.referents.empty());
    return item;
}
} // namespace

std::string render_view(const Pages& pages, const ConsoleServicesView& view) {
    PageData d;
    d.set("user", view.user);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    PageData services = list_of();
    for (const auto& s : view.services)
        services.push_back(service_data(s, view.action, view.csrf));
    d.set("services", services);
    PageData choices = list_of();
    for (const auto& c : view.approval_services) {
        PageData item;
        item.set("id", c.id);
        item.set("name", c.name);
        item.set("selected", c.selected);
        choices.push_back(item);
    }
    d.set("approval_services", choices);
    d.set("has_approval_services", !view.approval_services.empty());
    d.set("login", view.login);
    d.set("departments", view.departments);
    d.set("postal_prefixes", view.postal_prefixes);
    d.set("is_default", view.is_default);
    set_optional(d, "login_error", view.login_error);
    set_optional(d, "territory_error", view.territory_error);
    set_optional(d, "message", view.message);
    set_optional(d, "error", view.error);
    return pages.render(kServices, "Console — services et référents", d);
}

} // namespace esc::web
