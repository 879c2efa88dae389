#pragma once
#include <string>

#include "web/pages.hpp"

namespace esc::web {

// "Mot de passe oublié". Field names posted: csrf, identifier, website (a honeypot a person never
// fills). Once posted, the page says the same whatever the identifier (`sent`), so it never tells
// which accounts exist.
struct PasswordForgotView {
    std::string action;
    std::string csrf;
    std::string login_url;
    std::string identifier; // what was typed, kept
    std::string error;      // next to the field; "" = none
    bool sent = false;
    int minutes = 30; // the link's lifetime, told to the user
};

std::string render_view(const Pages& pages, const PasswordForgotView& view);

} // namespace esc::web
