#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/client.hpp"

// Redirect URI rules. Matching is an exact string comparison (RFC 9700 §4.1.3, OIDC Core §3.1.2.1):
// no normalisation, no prefix or pattern, so nothing an attacker appends or re-encodes can match.
// The only relaxation is RFC 8252 §7.3: a client marked `application_type = "native"` registered with a loopback IP
// redirect URI may come back on any port, since the OS picks it at run time.
namespace esc::domain {

inline constexpr std::size_t kMaxRedirectUriLength = 2048;

// Absolute URI (RFC 3986 §4.3: scheme ":" ...), printable ASCII only, no fragment (RFC 6749 §3.1.2),
// not a script-bearing scheme (javascript:, data:, vbscript:, file:); for http and https an authority
// with a non-empty host and no userinfo ("https://good@evil/" is a phishing shape).
bool is_valid_redirect_uri_syntax(std::string_view uri);

// "http://127.0.0.1[:port]/..." or "http://[::1][:port]/..." (RFC 8252 §7.3). "localhost" is not a
// loopback redirect URI: it can be resolved elsewhere (RFC 8252 §8.3).
bool is_loopback_redirect_uri(std::string_view uri);

// Whether `requested` may be used with a client that registered `registered`.
// `allow_loopback_any_port` is true only for native clients.
bool redirect_uri_matches(const std::vector<std::string>& registered, std::string_view requested,
                          bool allow_loopback_any_port);

// Same, applied to a client: the loopback relaxation for native clients only.
bool redirect_uri_allowed(const Client& client, std::string_view requested);

// Post-logout redirect URIs are compared exactly, without loopback relaxation (OIDC RP-Initiated
// Logout §2: "MUST have been previously registered").
bool post_logout_redirect_uri_allowed(const Client& client, std::string_view requested);

} // namespace esc::domain
