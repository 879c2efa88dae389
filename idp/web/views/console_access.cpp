#include "web/views/console_access.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kList{"console_access"};
const PageTemplate kRecord{"console_access_record"};
} // namespace

std::string render_view(const Pages& pages, const ConsoleAccessListView& view) {
    PageData d;
    d.set("user", view.user);
    d.set("role", view.role);
    PageData services = list_of();
    for (const auto& s : view.services) {
        PageData item;
        item.set("id", s.id);
        item.set("name", s.name);
        item.set("selected", s.selected);
        services.push_back(item);
    }
    d.set("services", services);
    for (const char* state : {"to_process", "accepted", "refused", "all"})
        d.set(std::string("state_") + state, view.state == state);
    PageData rows = list_of();
    for (const auto& r : view.rows) {
        PageData item;
        item.set("record_url", r.record_url);
        item.set("professional", r.professional);
        item.set("profession", r.profession);
        item.set("places", r.places);
        item.set("requested", r.requested);
        item.set("state", r.state);
        item.set("uncovered", r.uncovered);
        rows.push_back(item);
    }
    d.set("rows", rows);
    d.set("has_rows", !view.rows.empty());
    set_optional(d, "next_url", view.next_url);
    set_optional(d, "audit_url", view.audit_url);
    set_optional(d, "services_url", view.services_url);
    set_optional(d, "grant_url", view.grant_url);
    set_optional(d, "error", view.error);
    return pages.render(kList, "Console — demandes d’accès", d);
}

std::string render_view(const Pages& pages, const ConsoleAccessRecordView& view) {
    PageData d;
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"user", &view.user},
                                     {"list_url", &view.list_url},
                                     {"action", &view.action},
                                     {"csrf", &view.csrf},
                                     {"account_id", &view.account_id},
                                     {"service_id", &view.service_id},
                                     {"service", &view.service},
                                     {"professional", &view.professional},
                                     {"national_id", &view.national_id},
                                     {"profession", &view.profession},
                                     {"email", &view.email},
                                     {"places", &view.places},
                                     {"state", &view.state},
                                     {"state_label", &view.state_label},
                                     {"reauth_action", &view.reauth_action},
                                     {"reason", &view.reason}})
        d.set(key, *value);
    d.set("reauth_minutes", std::to_string(view.reauth_minutes));
    set_optional(d, "typed_reason", view.reason);
    d.set("to_process", view.state == "to_process");
    d.set("accepted", view.state == "accepted");
    d.set("refused", view.state == "refused");
    d.set("uncovered", view.uncovered);
    d.set("role", view.role);
    d.set("own", view.own);
    d.set("may_decide", view.may_decide && !view.needs_reauth);
    d.set("may_resend", view.may_resend);
    d.set("may_resend_credentials", view.may_resend_credentials);
    d.set("needs_reauth", view.may_decide && view.needs_reauth);
    PageData history = list_of();
    for (const auto& e : view.history) {
        PageData item;
        item.set("at", e.at);
        item.set("change", e.change);
        item.set("by", e.by);
        set_optional(item, "reason", e.reason);
        history.push_back(item);
    }
    d.set("history", history);
    set_optional(d, "message", view.message);
    set_optional(d, "error", view.error);
    return pages.render(kRecord, "Console — demande d’accès de " + view.professional, d);
}

} // namespace esc::web
