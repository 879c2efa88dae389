#include "web/views/account.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"account"};

} // namespace

std::string render_view(const Pages& pages, const AccountView& view) {
    PageData d;
    d.set("csrf", view.csrf);
    d.set("login", view.login);
    PageData identity = list_of();
    for (const auto& line : view.identity) {
        PageData item;
        item.set("label", line.label);
        item.set("value", line.value);
        identity.push_back(item);
    }
    d.set("identity", identity);
    d.set("from_directory", view.from_directory);
    d.set("email", view.email);
    d.set("email_value", view.email_value);
    d.set("phone", view.phone);
    set_optional(d, "notice", view.notice);
    for (const char* field : {"email", "phone", "current", "confirmation"})
        set_optional(d, std::string(field) + "_error", error_of(view.errors, field));
    PageData errors = list_of();
    for (const auto& e : view.password_errors)
        errors.push_back(PageData(e));
    d.set("password_errors", errors);
    d.set("has_password_errors", !view.password_errors.empty());
    d.set("min_length", std::to_string(view.min_length));
    d.set("email_action", view.email_action);
    d.set("phone_action", view.phone_action);
    d.set("password_action", view.password_action);
    d.set("close_action", view.close_action);
    set_optional(d, "authenticator_url", view.authenticator_url);
    set_optional(d, "passkeys_url", view.passkeys_url);
    set_optional(d, "certificates_url", view.certificates_url);
    d.set("has_methods",
          !view.authenticator_url.empty() || !view.passkeys_url.empty() || !view.certificates_url.empty());
    PageData sessions = list_of();
    for (const auto& s : view.sessions) {
        PageData item;
        item.set("sid", s.sid);
        item.set("opened", s.opened);
        item.set("last_seen", s.last_seen);
        item.set("method", s.method);
        item.set("current", s.current);
        sessions.push_back(item);
    }
    d.set("sessions", sessions);
    PageData logins = list_of();
    for (const auto& l : view.logins) {
        PageData item;
        item.set("at", l.at);
        item.set("method", l.method);
        item.set("address", l.address);
        logins.push_back(item);
    }
    d.set("logins", logins);
    d.set("logins_count", std::to_string(view.logins.size()));
    return pages.render(kTemplate, "Mon compte", d);
}

} // namespace esc::web

namespace esc::web {
namespace {
const PageTemplate kEmailVerify{"email_verify"};
} // namespace

std::string render_view(const Pages& pages, const EmailVerifyView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("token", view.token);
    d.set("email", view.email);
    return pages.render(kEmailVerify, "Confirmer votre nouvelle adresse", d);
}
} // namespace esc::web
