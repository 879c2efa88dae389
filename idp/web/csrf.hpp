#pragma once
#include <string>
#include <string_view>

#include "domain/time.hpp"

// Anti-CSRF tokens for every form Esculape serves (OWASP "signed double-submit": an HMAC bound
// to something only this browser holds). The bindings are built by web/browser_binding.hpp: the
// interaction id with the pre-login cookie for the login form, the session cookie's hash for the
// portal and logout forms; the secret is a server key of at least
// 16 bytes shared by all nodes. Token form: "<issued-at>.<base64url HMAC-SHA256>".
namespace esc::web {

inline constexpr domain::UnixTime kCsrfMaxAge = 3600;  // a login page left open for an hour still works
inline constexpr domain::UnixTime kCsrfClockSkew = 60; // nodes whose clocks differ slightly

// Throws std::invalid_argument when the binding is empty or the secret shorter than 16 bytes:
// both are programming errors, and a token bound to nothing would protect nothing.
std::string make_csrf(std::string_view binding, std::string_view secret, domain::UnixTime now);

// True only for a token made with this binding and secret, issued at most max_age seconds ago
// (and not more than kCsrfClockSkew in the future). Compares in constant time; never throws.
bool check_csrf(std::string_view token, std::string_view binding, std::string_view secret, domain::UnixTime now,
                domain::UnixTime max_age = kCsrfMaxAge);

} // namespace esc::web
