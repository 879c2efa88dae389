#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// The new-password form, shared by the reset link, the first password of an account and the
// change forced at login (expired or temporary password). Field names posted: csrf, the hidden
// fields, password, confirmation. Passwords are never written back into the page: a page kept in a
// browser's history or cache must not hold one.
struct PasswordSetView {
    std::string heading; // "Choisir un nouveau mot de passe"…
    std::string intro;
    std::string action;
    std::string csrf;
    std::vector<HiddenField> hidden;
    std::string login; // for password managers (a hidden username field)
    int min_length = 12;
    std::vector<std::string> password_errors; // next to the password field
    std::string confirmation_error;           // next to the confirmation field
    std::string form_error;                   // above the form (expired form…)
};

std::string render_view(const Pages& pages, const PasswordSetView& view);

} // namespace esc::web
