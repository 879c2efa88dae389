#include "web/views/mobile.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kWait{"mobile_wait"};
const PageTemplate kAuthenticator{"authenticator"};
} // namespace

std::string render_view(const Pages& pages, const MobileWaitView& view) {
    PageData d;
    d.set("service_name", view.service_name);
    d.set("binding_code", view.binding_code);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("interaction", view.interaction);
    d.set("request", view.request);
    set_optional(d, "notice", view.notice);
    return pages.render(kWait, "Validez sur votre téléphone", d);
}

std::string render_view(const Pages& pages, const AuthenticatorView& view) {
    PageData d;
    PageData devices = list_of();
    for (const auto& device : view.devices) {
        PageData item;
        item.set("id", device.id);
        item.set("name", device.name);
        item.set("created", device.created);
        item.set("last_used", device.last_used);
        devices.push_back(item);
    }
    d.set("devices", devices);
    d.set("has_devices", !view.devices.empty());
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("strong_session", view.strong_session);
    d.set("directory_mail", view.directory_mail);
    set_optional(d, "activation_code", view.activation_code);
    d.set("activation_url", view.activation_url);
    d.set("activation_qr_svg", view.activation_qr_svg);
    d.set("activation_minutes", std::to_string(view.activation_minutes));
    set_optional(d, "message", view.message);
    set_optional(d, "error", view.error);
    return pages.render(
        kAuthenticator,
        view.error.empty() ? "Application d’authentification" : "Erreur : Application d’authentification", d);
}

} // namespace esc::web
