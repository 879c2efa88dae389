#include "web/views/login.hpp"

#include "web/labels.hpp"
#include "web/page_data.hpp"
#include "web/passkey_script.hpp"

namespace esc::web {
namespace {
const PageTemplate kTemplate{"login"};
std::string throttle_message(int minutes) {
    return "Trop de tentatives. Réessayez dans " + std::to_string(minutes) + (minutes > 1 ? " minutes." : " minute.");
}

PageData sandbox_logins(const std::vector<SandboxLogin>& logins) {
    PageData list = list_of();
    for (const auto& account : logins) {
        PageData item;
        item.set("login", account.login);
        item.set("profession", profession_text(account.profession_code));
        list.push_back(item);
    }
    return list;
}

} // namespace

std::string render_view(const Pages& pages, const LoginView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("forgot_url", view.forgot_url);
    d.set("register_url", view.register_url);
    d.set("csrf", view.csrf);
    d.set("interaction", view.interaction);
    d.set("service_name", service_name(view.client_name));
    d.set("login_hint", view.login_hint);
    PageData messages = list_of();
    if (view.throttled_minutes > 0) messages.push_back(PageData{throttle_message(view.throttled_minutes)});
    if (!view.error.empty()) messages.push_back(PageData{view.error});
    const bool has_messages = view.throttled_minutes > 0 || !view.error.empty();
    d.set("has_messages", has_messages);
    d.set("password_invalid", has_messages && view.password_error);
    d.set("messages", messages);
    d.set("sandbox", view.sandbox);
    d.set("sandbox_logins", sandbox_logins(view.sandbox_logins));
    d.set("has_sandbox_password", !view.sandbox_password.empty());
    d.set("sandbox_password", view.sandbox_password);
    const bool workstation = !view.workstation_notice.empty();
    set_optional(d, "workstation_notice", view.workstation_notice);
    d.set("offer_workstation", view.offer_workstation);
    d.set("workstation_action", view.workstation_action);
    d.set("has_certificate", !view.certificate_subject.empty() && !workstation);
    d.set("certificate_subject", view.certificate_subject);
    d.set("certificate_verified", view.certificate_verified);
    d.set("offer_password", view.offer_password);
    d.set("offer_card", view.offer_card);
    d.set("card_unavailable", !view.card_available);
    d.set("card_action", view.card_action);
    d.set("offer_mobile", view.offer_mobile);
    d.set("mobile_action", view.mobile_action);
    d.set("offer_passkey", view.offer_passkey);
    d.set("passkey_action", view.passkey_action);
    d.set("passkey_options", view.passkey_options);
    d.set("passkey_token", view.passkey_token);
    d.set("passkey_script", std::string(kPasskeyScript));
    d.set("offer_ocra", view.offer_ocra);
    d.set("ocra_action", view.ocra_action);
    d.set("not_step_up", !view.step_up);
    set_optional(d, "level_notice", view.level_notice);
    d.set("nothing_offered", view.nothing_offered);
    // WCAG 3.3.1: the page title says there is an error before anything else is read.
    return pages.render(kTemplate, has_messages ? "Erreur : Connexion" : "Connexion", d);
}

} // namespace esc::web
