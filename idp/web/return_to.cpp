#include "web/return_to.hpp"

#include <algorithm>

#include "http/cookies.hpp"

namespace esc::web {

namespace {
bool url_safe(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("/?&=%-._~").find(static_cast<char>(c)) != std::string_view::npos;
    });
}
} // namespace

std::string return_cookie(std::string_view path_and_query) {
    http::CookieOptions options;
    options.max_age = path_and_query.empty() ? 0 : 900;
    return http::set_cookie(kReturnCookie, path_and_query, options);
}

std::string return_path(const http::Request& request, const std::vector<std::string>& allowed) {
    auto value = http::cookie_value(request.header("Cookie"), kReturnCookie);
    if (value.empty() || value.size() > 512 || value[0] != '/' || value.rfind("//", 0) == 0 || !url_safe(value))
        return {};
    for (const auto& prefix : allowed)
        if (!prefix.empty() && value.rfind(prefix, 0) == 0 &&
            (value.size() == prefix.size() || value[prefix.size()] == '?' || value[prefix.size()] == '/'))
            return value;
    return {};
}

} // namespace esc::web
