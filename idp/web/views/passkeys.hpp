#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// « Mon compte » › clés d'accès: the passkeys in use, and the form that registers one (its script:
// web/passkey_script.hpp).
struct PasskeysView {
    struct Key {
        std::string id; // credential id, base64url
        std::string name;
        std::string created;   // French date
        std::string last_used; // French date or « jamais »
    };
    std::vector<Key> keys;
    std::string action;
    std::string csrf;
    bool strong_session = false; // may register a passkey (eidas2 or more)
    std::string options;         // data-passkey of the registration form
    std::string token;           // its signed challenge
    std::string name_value;      // what was typed in the name field (kept on error)
    std::string name_error;
    std::string message; // a confirmation; "" = none
    std::string error;
};
std::string render_view(const Pages& pages, const PasskeysView& view);

} // namespace esc::web
