#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"
#include "web/views/register.hpp"

// « Mon compte »: identity (read-only when it comes from the national directory), contact details,
// password change, open sessions (each can be closed) and recent logins.
// Field names posted: csrf, then email | phone | current, password, confirmation | session.
namespace esc::web {

struct AccountSessionRow {
    std::string sid;
    std::string opened;
    std::string last_seen;
    std::string method;
    bool current = false;
};

struct AccountLoginRow {
    std::string at;
    std::string method;
    std::string address;
};

struct AccountView {
    std::string csrf;
    std::string login;
    std::vector<SummaryLine> identity;
    bool from_directory = false;
    std::string email;       // current address
    std::string email_value; // what was typed in the e-mail field (kept on error)
    std::string phone;
    std::string notice;
    FieldErrors errors; // email, phone, current, confirmation
    std::vector<std::string> password_errors;
    int min_length = 12;
    std::string email_action, phone_action, password_action, close_action;
    std::vector<AccountSessionRow> sessions;
    std::vector<AccountLoginRow> logins;
    // « Moyens de connexion »: the pages of the methods this server offers ("" = not offered).
    std::string authenticator_url, passkeys_url, certificates_url;
};

std::string render_view(const Pages& pages, const AccountView& view);

} // namespace esc::web

namespace esc::web {
// The confirmation of a new e-mail address (a POST: mail scanners follow links). Posts: token.
struct EmailVerifyView {
    std::string action;
    std::string token;
    std::string email;
};
std::string render_view(const Pages& pages, const EmailVerifyView& view);
} // namespace esc::web
