#include <algorithm>
#include <cctype>

#include "config/client_loader.hpp"
#include "config/url_rules.hpp"
#include "domain/redirect_uri.hpp"

namespace esc::config::detail {

namespace {

std::string lower_scheme(std::string_view uri) {
    std::string scheme(uri.substr(0, uri.find(':')));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme;
}

void check_uri_list(TableReader& r, std::string_view key, const std::vector<std::string>& uris, bool is_public) {
    for (std::size_t i = 0; i < uris.size(); ++i) {
        std::string path = r.path_of(key) + "[" + std::to_string(i) + "]";
        if (auto problem = redirect_uri_problem(uris[i], is_public); !problem.empty())
            r.diag().error(path, problem + ": " + uris[i]);
        else if (std::find(uris.begin(), uris.begin() + static_cast<long>(i), uris[i]) != uris.begin() + long(i))
            r.diag().error(path, "duplicate URI: " + uris[i]);
    }
}

} // namespace

std::string redirect_uri_problem(std::string_view uri, bool is_public) {
    // Redirect URIs are compared exactly (RFC 9700 §4.1.3): a pattern would never match, or worse.
    if (uri.find('*') != std::string_view::npos) return "wildcards are not allowed, URIs are compared exactly";
    if (uri.find('#') != std::string_view::npos) return "must not contain a fragment (RFC 6749 §3.1.2)";
    if (!domain::is_valid_redirect_uri_syntax(uri))
        return "not an absolute URI, or a refused scheme (javascript, data, vbscript, file) or userinfo";
    std::string scheme = lower_scheme(uri);
    if (scheme == "https") return "";
    if (scheme == "http") {
        if (domain::is_loopback_redirect_uri(uri)) return "";
        auto parts = split_url(uri);
        if (parts && parts->host == "localhost") return "use http://127.0.0.1 instead of localhost (RFC 8252 §8.3)";
        return "must use https (http only for 127.0.0.1 or [::1])";
    }
    if (!is_public) return "must use https";
    // RFC 8252 §7.1: private-use schemes of native apps are reverse domain names ("fr.example.app:/cb").
    if (scheme.find('.') == std::string::npos)
        return "private-use schemes must be a reverse domain name, e.g. fr.example.app:/callback (RFC 8252 §7.1)";
    return "";
}

void check_client_uris(TableReader& r, const domain::Client& client, bool dev_mode) {
    auto& diag = r.diag();
    check_uri_list(r, "redirect_uris", client.redirect_uris, client.is_public());
    check_uri_list(r, "post_logout_redirect_uris", client.post_logout_redirect_uris, client.is_public());
    if (client.allows_grant("authorization_code") && client.redirect_uris.empty())
        diag.error(r.path_of("redirect_uris"), "at least one redirect URI is required for authorization_code");
    if (!client.backchannel_logout_uri.empty()) {
        auto parts = split_url(client.backchannel_logout_uri);
        const bool loopback =
            parts && parts->scheme == "http" && (parts->host == "127.0.0.1" || parts->host == "::1") && dev_mode;
        bool ok = parts && !parts->has_userinfo && client.backchannel_logout_uri.find('#') == std::string::npos &&
                  (parts->scheme == "https" || loopback);
        // §2.2: an absolute URL, no fragment; https except a development relying party on loopback.
        if (!ok)
            diag.error(r.path_of("backchannel_logout_uri"),
                       "must be an absolute https URL without fragment (http://127.0.0.1 only in dev_mode): " +
                           client.backchannel_logout_uri);
    }
    if (!client.front_url.empty()) {
        auto parts = split_url(client.front_url);
        bool ok = parts && !parts->has_userinfo && (parts->scheme == "https" || (parts->scheme == "http" && dev_mode));
        if (!ok) diag.error(r.path_of("front_url"), "must be an absolute https URL: " + client.front_url);
    }
}

} // namespace esc::config::detail
