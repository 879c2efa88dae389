#include "http/cookies.hpp"

namespace esc::http {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}
} // namespace

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        std::size_t semi = header.find(';');
        std::string_view pair = trim(header.substr(0, semi));
        std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
            std::string_view value = trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
        if (semi == std::string_view::npos) break;
        header.remove_prefix(semi + 1);
    }
    return {};
}

std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& o) {
    std::string out;
    out.reserve(name.size() + value.size() + 80);
    out.append(name).append("=").append(value).append("; Path=/");
    if (o.max_age >= 0) out.append("; Max-Age=").append(std::to_string(o.max_age));
    if (o.secure) out.append("; Secure");
    if (o.http_only) out.append("; HttpOnly");
    if (!o.same_site.empty()) out.append("; SameSite=").append(o.same_site);
    return out;
}

} // namespace esc::http
