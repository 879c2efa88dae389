#pragma once
#include <string>
#include <string_view>

namespace esc::domain {

// The key under which a client address is counted by rate limits: the IPv4 address, or the
// IPv6 /64 it belongs to, since a subscriber usually gets a whole /64 (RFC 6177) and counting
// per /128 would let one holder use 2^64 addresses. An IPv4-mapped address (::ffff:a.b.c.d,
// RFC 4291 §2.5.5.2) counts as its IPv4 address. Anything else is kept as given (truncated).
std::string address_key(std::string_view address);

} // namespace esc::domain
