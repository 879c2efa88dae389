#include "config/url_rules.hpp"

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>

namespace esc::config::detail {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool printable_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7F;
    });
}

} // namespace

std::optional<UrlParts> split_url(std::string_view url) {
    auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) return std::nullopt;
    UrlParts parts;
    for (char c : url.substr(0, sep)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
        parts.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    auto rest = url.substr(sep + 3);
    auto authority_end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, authority_end);
    auto after = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        parts.has_userinfo = true;
        authority = authority.substr(at + 1);
    }
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        parts.host = std::string(authority.substr(1, close - 1));
        auto tail = authority.substr(close + 1);
        if (!tail.empty() && tail.front() != ':') return std::nullopt;
        if (!tail.empty()) parts.port = std::string(tail.substr(1));
    } else {
        auto colon = authority.find(':');
        parts.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) parts.port = std::string(authority.substr(colon + 1));
    }
    if (parts.host.empty()) return std::nullopt;
    auto fragment = after.find('#');
    parts.has_fragment = fragment != std::string_view::npos;
    auto before_fragment = after.substr(0, fragment);
    auto query = before_fragment.find('?');
    parts.has_query = query != std::string_view::npos;
    parts.path = std::string(before_fragment.substr(0, query));
    return parts;
}

bool is_ip_literal(std::string_view text) {
    std::string s(text);
    unsigned char buffer[16];
    return inet_pton(AF_INET, s.c_str(), buffer) == 1 || inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

bool is_loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

bool is_valid_port(std::string_view digits) {
    if (!all_digits(digits) || digits.size() > 5) return false;
    int value = std::stoi(std::string(digits));
    return value >= 1 && value <= 65535;
}

namespace {
// RFC 1123 §2.1 host name: dot-separated labels of letters, digits and inner hyphens.
bool is_host_name(std::string_view text) {
    if (text.empty() || text.size() > 253) return false;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto dot = text.find('.', start);
        if (dot == std::string_view::npos) dot = text.size();
        auto label = text.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
        start = dot + 1;
    }
    // A dotted all-numeric name is a mistyped IP address, not a name (RFC 3696 §2).
    auto last = text.substr(text.rfind('.') == std::string_view::npos ? 0 : text.rfind('.') + 1);
    return !std::all_of(last.begin(), last.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}
} // namespace

std::optional<ListenAddress> parse_listen(std::string_view text, std::string& why, bool allow_host_names) {
    std::string_view host;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find("]:");
        if (close == std::string_view::npos) {
            why = "expected [ipv6]:port, e.g. [::1]:8443";
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        if (host.find(':') == std::string_view::npos) host = {}; // brackets are for IPv6 only
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            why = "expected host:port, e.g. 0.0.0.0:8443";
            return std::nullopt;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            why = "IPv6 addresses must be bracketed, e.g. [::1]:8443";
            return std::nullopt;
        }
    }
    if (host.empty() || (!is_ip_literal(host) && !(allow_host_names && is_host_name(host)))) {
        why = allow_host_names ? "host must be an IP address (0.0.0.0, 127.0.0.1, [::], [::1]...) or a host name "
                                 "(localhost)"
                               : "host must be an IP address (0.0.0.0, 127.0.0.1, [::], [::1]...), not a name";
        return std::nullopt;
    }
    if (!is_valid_port(port)) {
        why = "port must be a number from 1 to 65535";
        return std::nullopt;
    }
    return ListenAddress{std::string(host), static_cast<std::uint16_t>(std::stoi(std::string(port)))};
}

std::string issuer_problem(std::string_view issuer, bool dev_mode) {
    if (issuer.empty())
        return "required: the public URL of this provider, e.g. https://idp.example/auth/realms/esculape";
    if (!printable_ascii(issuer)) return "must not contain spaces, control or non-ASCII characters";
    auto parts = split_url(issuer);
    if (!parts) return "must be an absolute URL (https://host[:port]/path)";
    if (parts->has_userinfo) return "must not contain user information (user@host)";
    if (parts->has_query || parts->has_fragment) return "must not contain a query or fragment (OIDC Discovery §3)";
    if (!parts->port.empty() && !is_valid_port(parts->port)) return "invalid port: " + parts->port;
    if (parts->scheme == "http") {
        if (!is_loopback_host(parts->host)) return "must use https (http is only accepted for localhost in dev_mode)";
        if (!dev_mode) return "must use https (http on localhost requires dev_mode = true)";
    } else if (parts->scheme != "https") {
        return "must use the https scheme";
    }
    if (!parts->path.empty() && parts->path.back() == '/') return "must not end with '/'";
    return "";
}

} // namespace esc::config::detail
