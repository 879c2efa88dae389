#pragma once
#include <string>
#include <string_view>

namespace esc::http {

// Value of cookie `name` in a Cookie header (RFC 6265 §5.4), or "".
std::string cookie_value(std::string_view cookie_header, std::string_view name);

struct CookieOptions {
    int max_age = -1; // -1: session cookie; 0: delete
    bool http_only = true;
    bool secure = true; // required by the __Host- prefix
    std::string same_site = "Lax";
};

// A Set-Cookie value with Path=/ and no Domain, as the __Host- prefix requires.
std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& options);

} // namespace esc::http
