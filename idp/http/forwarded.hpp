#pragma once
#include <string>
#include <vector>

#include "http/message.hpp"

namespace esc::http {

// Behind a TLS-terminating reverse proxy: X-Forwarded-For/-Proto/-Host and a forwarded client
// certificate (X-Client-Cert, URL-encoded PEM, with X-Client-Verify: SUCCESS) are honoured only
// when the direct peer is a configured proxy; from anyone else they are removed, so a handler
// can never be fooled by them.
void apply_forwarded_headers(Request& request, const std::string& peer_addr,
                             const std::vector<std::string>& trusted_proxies);

} // namespace esc::http
