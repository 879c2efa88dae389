#include "domain/redirect_uri.hpp"

#include <algorithm>
#include <optional>

namespace esc::domain {

namespace {

bool is_alpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return to_lower(x) == to_lower(y); });
}

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). Returns the scheme or "".
std::string_view scheme_of(std::string_view uri) {
    auto colon = uri.find(':');
    if (colon == std::string_view::npos || colon == 0 || !is_alpha(uri[0])) return {};
    for (std::size_t i = 1; i < colon; ++i) {
        char c = uri[i];
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return {};
    }
    return uri.substr(0, colon);
}

// The authority of "scheme://authority/...": up to the first '/', '?' or the end.
std::string_view authority_of(std::string_view after_slashes) {
    return after_slashes.substr(0, after_slashes.find_first_of("/?"));
}

struct LoopbackParts {
    std::string_view host; // "127.0.0.1" or "[::1]"
    std::string_view rest; // path and query, compared exactly
};

std::optional<LoopbackParts> split_loopback(std::string_view uri) {
    constexpr std::string_view kPrefix = "http://";
    if (uri.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    auto after = uri.substr(kPrefix.size());
    auto authority = authority_of(after);
    std::string_view host;
    for (std::string_view candidate : {std::string_view("127.0.0.1"), std::string_view("[::1]")})
        if (authority.substr(0, candidate.size()) == candidate) host = candidate;
    if (host.empty()) return std::nullopt;
    auto port = authority.substr(host.size());
    if (!port.empty()) {
        // ":" 1*5DIGIT, 1..65535; anything else ("127.0.0.1.evil", "127.0.0.1:80@evil") is not loopback.
        if (port[0] != ':' || port.size() < 2 || port.size() > 6) return std::nullopt;
        long value = 0;
        for (char c : port.substr(1)) {
            if (!is_digit(c)) return std::nullopt;
            value = value * 10 + (c - '0');
        }
        if (value < 1 || value > 65535) return std::nullopt;
    }
    return LoopbackParts{host, after.substr(authority.size())};
}

bool loopback_equivalent(std::string_view registered, std::string_view requested) {
    auto a = split_loopback(registered);
    auto b = split_loopback(requested);
    return a && b && a->host == b->host && a->rest == b->rest;
}

} // namespace

bool is_valid_redirect_uri_syntax(std::string_view uri) {
    if (uri.empty() || uri.size() > kMaxRedirectUriLength) return false;
    for (char c : uri) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F) return false; // spaces, controls, raw non-ASCII
    }
    if (uri.find('#') != std::string_view::npos) return false;
    auto scheme = scheme_of(uri);
    if (scheme.empty()) return false;
    for (std::string_view bad : {"javascript", "data", "vbscript", "file"})
        if (iequals(scheme, bad)) return false;
    if (iequals(scheme, "http") || iequals(scheme, "https")) {
        auto rest = uri.substr(scheme.size() + 1);
        if (rest.substr(0, 2) != "//") return false;
        auto authority = authority_of(rest.substr(2));
        if (authority.empty() || authority[0] == ':') return false;
        if (authority.find('@') != std::string_view::npos) return false;
    } else if (uri.size() == scheme.size() + 1) {
        return false; // "myapp:" alone names no endpoint
    }
    return true;
}

bool is_loopback_redirect_uri(std::string_view uri) {
    return split_loopback(uri).has_value();
}

bool redirect_uri_matches(const std::vector<std::string>& registered, std::string_view requested,
                          bool allow_loopback_any_port) {
    if (requested.empty()) return false;
    for (const auto& r : registered) {
        if (r == requested) return true;
        if (allow_loopback_any_port && loopback_equivalent(r, requested)) return true;
    }
    return false;
}

bool redirect_uri_allowed(const Client& client, std::string_view requested) {
    // RFC 8252 §7.3 is about native apps, whose OS picks the port at run time; a browser-based
    // public client has a fixed origin, so it gets exact matching like everyone else.
    return redirect_uri_matches(client.redirect_uris, requested, client.is_native());
}

bool post_logout_redirect_uri_allowed(const Client& client, std::string_view requested) {
    return redirect_uri_matches(client.post_logout_redirect_uris, requested, false);
}

} // namespace esc::domain
