#pragma once
// Private to esc_config: syntax rules for the issuer, listen addresses and client URLs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace esc::config::detail {

// Pieces of "scheme://authority/path?query#fragment"; nullopt when there is no "scheme://authority".
struct UrlParts {
    std::string scheme; // lower-cased
    std::string host;   // without brackets for IPv6
    std::string port;   // digits, may be empty
    std::string path;   // from the first '/' after the authority, up to '?' or '#'
    bool has_userinfo = false;
    bool has_query = false;
    bool has_fragment = false;
};
std::optional<UrlParts> split_url(std::string_view url);

bool is_ip_literal(std::string_view text);    // IPv4 dotted quad or IPv6 (no brackets)
bool is_loopback_host(std::string_view host); // 127.0.0.1, ::1, localhost
bool is_valid_port(std::string_view digits);  // 1..65535

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};
// "host:port" with an IP literal host; IPv6 as "[::1]:8443". Sets `why` on failure.
// `allow_host_names`: the host may also be a DNS name (RFC 1123 §2.1, e.g. "localhost"), bound on
// every address it resolves to at start-up.
std::optional<ListenAddress> parse_listen(std::string_view text, std::string& why, bool allow_host_names = false);

// Issuer rules (OIDC Discovery §3, RFC 8414 §2): absolute https URL, no query or fragment, no
// trailing slash (the well-known suffix is appended to it). http only for loopback in dev mode.
// Returns an error message, or "" when the issuer is acceptable.
std::string issuer_problem(std::string_view issuer, bool dev_mode);

} // namespace esc::config::detail
