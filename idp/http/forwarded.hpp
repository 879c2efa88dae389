#pragma once
#include <string>
#include <vector>

#include "http/message.hpp"

namespace esc::http {

struct ForwardingPolicy {
    std::vector<std::string> trusted_proxies; // exact peer IPs
    // A forwarded client certificate authenticates people, so an address alone is not enough: the
    // proxy must also send this secret in `proxy_secret_header`. Empty = certificates never believed.
    std::string proxy_secret;
    std::string proxy_secret_header = "X-Proxy-Secret";
};

enum class ForwardedCertificate {
    none,     // no certificate header, or not from a trusted proxy (stripped)
    accepted, // trusted proxy with the right secret
    refused,  // trusted proxy without the right secret: ignored, worth a log line
};

// Behind a TLS-terminating reverse proxy: X-Forwarded-For/-Proto/-Host are honoured only when the
// direct peer is a configured proxy, and a forwarded client certificate (X-Client-Cert, URL-encoded
// PEM, with X-Client-Verify: SUCCESS) only when, in addition, the proxy secret header matches; from
// anyone else they are removed, so a handler can never be fooled by them. The secret header itself
// is always removed.
ForwardedCertificate apply_forwarded_headers(Request& request, const std::string& peer_addr,
                                             const ForwardingPolicy& policy);

} // namespace esc::http
