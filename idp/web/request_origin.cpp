#include "web/request_origin.hpp"

namespace esc::web {

std::string origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const auto path = url.find_first_of("/?#", scheme_end + 3);
    return std::string(url.substr(0, path));
}

bool is_cross_site(const http::Request& request, std::string_view own_origin) {
    // Sec-Fetch-Site is set by the browser itself and cannot be forged by a page: when present it decides.
    if (request.has_header("Sec-Fetch-Site")) {
        const auto site = request.header("Sec-Fetch-Site");
        return http::iequals(site, "cross-site") || http::iequals(site, "same-site");
    }
    // Older browsers: Origin. Our pages send Referrer-Policy: no-referrer, under which a browser
    // sends "Origin: null" even for our own forms (Fetch §3.2.5), so "null" tells nothing.
    const auto origin = request.header("Origin");
    if (origin.empty() || origin == "null") return false;
    return !http::iequals(origin, own_origin);
}

} // namespace esc::web
