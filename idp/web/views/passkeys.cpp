#include "web/views/passkeys.hpp"

#include "web/page_data.hpp"
#include "web/passkey_script.hpp"

namespace esc::web {
namespace {
const PageTemplate kPasskeys{"passkeys"};
} // namespace

std::string render_view(const Pages& pages, const PasskeysView& view) {
    PageData d;
    PageData keys = list_of();
    for (const auto& key : view.keys) {
        PageData item;
        item.set("id", key.id);
        item.set("name", key.name);
        item.set("created", key.created);
        item.set("last_used", key.last_used);
        keys.push_back(item);
    }
    d.set("keys", keys);
    d.set("has_keys", !view.keys.empty());
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("strong_session", view.strong_session);
    d.set("options", view.options);
    d.set("token", view.token);
    d.set("name_value", view.name_value);
    set_optional(d, "name_error", view.name_error);
    set_optional(d, "message", view.message);
    set_optional(d, "error", view.error);
    d.set("passkey_script", std::string(kPasskeyScript));
    return pages.render(kPasskeys, "Clés d’accès", d);
}

} // namespace esc::web
