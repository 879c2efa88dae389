#include "web/views/certificates.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kAccount{"certificates"};
const PageTemplate kConsole{"console_certificates"};
const PageTemplate kWithdrawal{"certificate_withdrawal"};

PageData rows(const std::vector<CertificateRow>& list) {
    PageData out = list_of();
    for (const auto& c : list) {
        PageData item;
        item.set("id", c.id);
        item.set("workstation", c.workstation);
        item.set("holder", c.holder);
        item.set("state", c.state);
        item.set("requested", c.requested);
        set_optional(item, "valid_until", c.valid_until);
        set_optional(item, "reason", c.reason);
        item.set("revocable", c.revocable);
        out.push_back(item);
    }
    return out;
}
} // namespace

std::string render_view(const Pages& pages, const CertificatesView& view) {
    PageData d;
    d.set("certificates", rows(view.certificates));
    d.set("has_certificates", !view.certificates.empty());
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("workstation_value", view.workstation_value);
    set_optional(d, "workstation_error", view.workstation_error);
    set_optional(d, "message", view.message);
    set_optional(d, "error", view.error);
    return pages.render(kAccount, "Certificats de poste de travail", d);
}

std::string render_view(const Pages& pages, const ConsoleCertificatesView& view) {
    PageData d;
    d.set("requested", rows(view.requested));
    d.set("has_requested", !view.requested.empty());
    d.set("active", rows(view.active));
    d.set("has_active", !view.active.empty());
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("workstation_value", view.workstation_value);
    d.set("site_value", view.site_value);
    d.set("mail_value", view.mail_value);
    set_optional(d, "workstation_error", view.workstation_error);
    set_optional(d, "site_error", view.site_error);
    set_optional(d, "mail_error", view.mail_error);
    set_optional(d, "message", view.message);
    set_optional(d, "error", view.error);
    d.set("administrator", view.administrator);
    d.set("audit_url", view.audit_url);
    return pages.render(kConsole, "Console — certificats de poste", d);
}

std::string render_view(const Pages& pages, const WithdrawalView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("token", view.token);
    d.set("workstation", view.workstation);
    d.set("expires", view.expires);
    set_optional(d, "code_error", view.code_error);
    set_optional(d, "password_error", view.password_error);
    set_optional(d, "error", view.error);
    d.set("min_password", std::to_string(view.min_password));
    return pages.render(kWithdrawal, "Retrait du certificat de poste", d);
}

} // namespace esc::web
