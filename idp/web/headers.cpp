#include "web/headers.hpp"

#include <algorithm>
#include <string_view>

namespace esc::web {
namespace {

// RFC 3986 characters allowed in a CSP host-source or scheme-source; excludes ';' and ','
// (CSP directive and policy separators), quotes and whitespace.
bool is_safe_source(std::string_view source) {
    if (source.empty() || source.size() > 512) return false;
    return std::all_of(source.begin(), source.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= '0' && u <= '9') return true;
        if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') return true;
        return std::string_view("-._~:/?#[]@!$&()*+=%").find(c) != std::string_view::npos;
    });
}

} // namespace

std::string page_csp(const std::vector<std::string>& extra_form_action) {
    std::string form_action = "form-action 'self' https: http://127.0.0.1:* http://localhost:*";
    for (const auto& source : extra_form_action)
        if (is_safe_source(source)) form_action.append(" ").append(source);
    return "default-src 'none'; style-src 'self'; img-src 'self' data:; " + form_action +
           "; frame-ancestors 'none'; base-uri 'none'";
}

void add_page_headers(http::Response& response, const std::vector<std::string>& extra_form_action) {
    response.set("Content-Security-Policy", page_csp(extra_form_action));
    response.set("X-Frame-Options", "DENY");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cache-Control", "no-store");
}

} // namespace esc::web
