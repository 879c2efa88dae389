#pragma once
#include <string>
#include <string_view>

#include "http/message.hpp"

// What binds a form's CSRF token to one browser (OWASP CSRF cheat sheet, "signed double-submit
// cookie"): an anonymous login form is bound to a random pre-login cookie set with the form, a
// signed-in form to the session cookie's hash. Neither value is ever shown to a relying party, so
// a page elsewhere cannot obtain a token that this browser would accept.
namespace esc::web {

// __Host-: Secure, Path=/, no Domain, so a sibling host cannot plant one (RFC 6265bis §4.1.3.2).
inline constexpr const char* kPreLoginCookie = "__Host-esc_login";
inline constexpr int kPreLoginCookieSeconds = 3600; // as long as a login form's CSRF token lives

// The browser's pre-login key from the Cookie header, or "" when absent or not one of ours.
std::string pre_login_key(const http::Request& request);
// A new random key.
std::string new_pre_login_key();
// Set-Cookie value carrying `key` (max_age 0 clears it).
std::string pre_login_cookie(std::string_view key, int max_age = kPreLoginCookieSeconds);

// Binding of the login form's token: the interaction (may be "" for a portal login) and the key.
std::string login_csrf_binding(std::string_view interaction_id, std::string_view pre_login_key);
// Binding of a signed-in form's token (portal and logout confirmation): the session cookie's
// SHA-256, not the `sid`, which relying parties see in every token.
std::string session_csrf_binding(std::string_view session_id_hash);

} // namespace esc::web
