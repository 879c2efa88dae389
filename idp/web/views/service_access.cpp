#include "web/views/service_access.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"service_access"};
} // namespace

std::string render_view(const Pages& pages, const ServiceAccessView& view) {
    PageData d;
    d.set("service", view.service);
    d.set("not_requested", view.state == "not_requested");
    d.set("to_process", view.state == "to_process");
    d.set("refused", view.state == "refused");
    d.set("not_eligible", view.state == "not_eligible");
    d.set("may_request", view.state == "not_requested" || view.state == "refused");
    d.set("since", view.since);
    set_optional(d, "reason", view.reason);
    d.set("request_action", view.request_action);
    d.set("client_id", view.client_id);
    d.set("csrf", view.csrf);
    d.set("portal_url", view.portal_url);
    return pages.render(kTemplate, "Accès à " + view.service, d);
}

} // namespace esc::web
