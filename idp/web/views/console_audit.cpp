#include "web/views/console_audit.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kAudit{"console_audit"};
} // namespace

std::string render_view(const Pages& pages, const ConsoleAuditView& view) {
    PageData d;
    PageData rows = list_of();
    for (const auto& r : view.rows) {
        PageData item;
        item.set("at", r.at);
        item.set("actor", r.actor);
        item.set("action", r.action);
        item.set("target", r.target);
        item.set("before", r.before);
        item.set("after", r.after);
        item.set("address", r.address);
        rows.push_back(item);
    }
    d.set("rows", rows);
    d.set("has_rows", !view.rows.empty());
    d.set("action_filter", view.action_filter);
    d.set("actor_filter", view.actor_filter);
    set_optional(d, "filter_error", view.filter_error);
    d.set("csv_url", view.csv_url);
    d.set("administrator", view.administrator);
    d.set("limit", std::to_string(view.limit));
    return pages.render(kAudit, "Console — journal d’audit", d);
}

} // namespace esc::web
