#include "web/device_cookie.hpp"

#include "http/cookies.hpp"
#include "web/csrf.hpp"

namespace esc::web {
namespace {

// Logins are case-insensitive for the throttle (domain/login_throttle.cpp): the same here.
std::string binding_of(std::string_view login) {
    std::string binding = "device\n";
    for (char c : login.substr(0, 256))
        binding.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    return binding;
}

} // namespace

std::string device_cookie(std::string_view login, std::string_view secret, domain::UnixTime now) {
    http::CookieOptions options;
    options.max_age = static_cast<int>(kDeviceCookieSeconds);
    options.same_site = "Strict"; // only ever read by the login POST, which is same-origin
    return http::set_cookie(kDeviceCookie, make_csrf(binding_of(login), secret, now), options);
}

bool is_trusted_device(const http::Request& request, std::string_view login, std::string_view secret,
                       domain::UnixTime now) {
    if (login.empty()) return false;
    const std::string value = http::cookie_value(request.header("Cookie"), kDeviceCookie);
    if (value.empty() || value.size() > 128) return false;
    return check_csrf(value, binding_of(login), secret, now, kDeviceCookieSeconds);
}

} // namespace esc::web
