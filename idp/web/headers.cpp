#include "web/headers.hpp"

#include <algorithm>
#include <string_view>

#include "crypto/encoding.hpp"

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

std::string page_csp(const std::vector<std::string>& extra_form_action,
                     const std::vector<std::string>& script_sources) {
    std::string form_action = "form-action 'self' https: http://127.0.0.1:* http://localhost:*";
    for (const auto& source : extra_form_action)
        if (is_safe_source(source)) form_action.append(" ").append(source);
    std::string scripts;
    for (const auto& source : script_sources)
        if (source.starts_with("'sha256-") && source.ends_with("'") && source.find_first_of(";, ") == std::string::npos)
            scripts.append(" ").append(source);
    return "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
           (scripts.empty() ? std::string() : "script-src" + scripts + "; ") + form_action +
           "; frame-ancestors 'none'; base-uri 'none'";
}

std::string form_post_script_source() {
    static const std::string source = "'sha256-" + crypto::base64_encode(crypto::sha256(kFormPostScript)) + "'";
    return source;
}

void add_page_headers(http::Response& response, const std::vector<std::string>& extra_form_action,
                      const std::vector<std::string>& script_sources) {
    response.set("Content-Security-Policy", page_csp(extra_form_action, script_sources));
    response.set("X-Frame-Options", "DENY");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cache-Control", "no-store");
}

} // namespace esc::web
