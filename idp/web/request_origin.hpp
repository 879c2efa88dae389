#pragma once
#include <string>
#include <string_view>

#include "http/message.hpp"

// Fetch Metadata and Origin checks for the forms' POSTs (W3C Fetch Metadata §2, RFC 6454 §7;
// OWASP CSRF cheat sheet "Verifying origin with standard headers"): a second line behind the
// CSRF token, refusing what the browser itself says comes from another site.
namespace esc::web {

// "https://host[:port]" of an absolute URL (the issuer), "" if it has no scheme.
std::string origin_of(std::string_view url);

// True when the browser says the request was made by another site: `Sec-Fetch-Site` is
// cross-site or same-site (a sibling host is another party too); without Sec-Fetch-Site, when
// `Origin` is present, not "null", and not `own_origin`. Requests without either header
// (non-browser clients, old browsers) are not refused here: the CSRF token still applies.
bool is_cross_site(const http::Request& request, std::string_view own_origin);

} // namespace esc::web
