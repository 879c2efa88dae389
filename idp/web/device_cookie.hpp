#pragma once
#include <string>
#include <string_view>

#include "domain/time.hpp"
#include "http/message.hpp"

// Device cookie (OWASP "Slow down online guessing attacks with device cookies"): after a
// successful login the browser receives a signed token naming the account; a later login to
// that account from this browser is not held back by the account's failure delay, so an
// attacker guessing passwords elsewhere cannot keep the professional out. The token is the
// CSRF HMAC construction (web/csrf.hpp) over "device\n<login, lower case>".
namespace esc::web {

inline constexpr const char* kDeviceCookie = "__Host-esc_device";
inline constexpr domain::UnixTime kDeviceCookieSeconds = 30 * 24 * 3600;

// Set-Cookie value for a browser that has just logged in as `login`.
std::string device_cookie(std::string_view login, std::string_view secret, domain::UnixTime now);
// True when the request carries a device cookie issued to `login` within kDeviceCookieSeconds.
bool is_trusted_device(const http::Request& request, std::string_view login, std::string_view secret,
                       domain::UnixTime now);

} // namespace esc::web
