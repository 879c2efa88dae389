#include "web/request_origin.hpp"

namespace esc::web {

std::string origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const auto path = url.find_first_of("/?#", scheme_end + 3);
    return std::string(url.substr(0, path));
}

bool is_cross_site(const http::Request& request, std::string_view own_origin) {
    const auto site = request.header("Sec-Fetch-Site");
    if (http::iequals(site, "cross-site") || http::iequals(site, "same-site")) return true;
    if (request.has_header("Origin")) return !http::iequals(request.header("Origin"), own_origin);
    return false;
}

} // namespace esc::web
