#include "http/forwarded.hpp"

#include <algorithm>

#include <openssl/crypto.h>

#include "http/certificate.hpp"
#include "http/form.hpp"

namespace esc::http {

namespace {
bool is_forwarding_header(const Header& h) {
    return iequals(h.name, "X-Forwarded-For") || iequals(h.name, "X-Forwarded-Proto") ||
           iequals(h.name, "X-Forwarded-Host") || iequals(h.name, "X-Client-Cert") ||
           iequals(h.name, "X-Client-Verify") || iequals(h.name, "Forwarded");
}

std::string trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}
bool secret_matches(std::string_view presented, const std::string& expected) {
    return !expected.empty() && presented.size() == expected.size() &&
           CRYPTO_memcmp(presented.data(), expected.data(), expected.size()) == 0; // constant time
}

bool is_certificate_header(const Header& h) {
    return iequals(h.name, "X-Client-Cert") || iequals(h.name, "X-Client-Verify");
}
} // namespace

ForwardedCertificate apply_forwarded_headers(Request& request, const std::string& peer_addr,
                                             const ForwardingPolicy& policy) {
    const auto& trusted_proxies = policy.trusted_proxies;
    request.remote_addr = peer_addr;
    bool trusted = std::find(trusted_proxies.begin(), trusted_proxies.end(), peer_addr) != trusted_proxies.end();
    const bool secret_ok = trusted && secret_matches(request.header(policy.proxy_secret_header), policy.proxy_secret);
    std::erase_if(request.headers, [&](const Header& h) { return iequals(h.name, policy.proxy_secret_header); });
    if (!trusted) {
        std::erase_if(request.headers, is_forwarding_header);
        return ForwardedCertificate::none;
    }
    // The proxy appends the address it saw: the right-most entry is the one we can trust.
    std::string xff(request.header("X-Forwarded-For"));
    if (!xff.empty()) {
        auto comma = xff.rfind(',');
        request.remote_addr = trim(comma == std::string::npos ? xff : xff.substr(comma + 1));
    }
    auto proto = request.header("X-Forwarded-Proto");
    if (!proto.empty()) request.secure = iequals(proto, "https");
    auto host = request.header("X-Forwarded-Host");
    if (!host.empty()) request.host = std::string(host);
    auto cert = request.header("X-Client-Cert");
    if (cert.empty()) return ForwardedCertificate::none;
    if (!secret_ok) {
        std::erase_if(request.headers, is_certificate_header);
        return ForwardedCertificate::refused;
    }
    {
        // nginx's $ssl_client_escaped_cert: URL-encoded PEM; the proxy's verdict comes beside it.
        bool verified = iequals(request.header("X-Client-Verify"), "SUCCESS");
        request.client_cert = certificate_from_pem(url_decode(cert).value_or(""), verified,
                                                   verified ? "" : std::string(request.header("X-Client-Verify")));
    }
    return ForwardedCertificate::accepted;
}

} // namespace esc::http
