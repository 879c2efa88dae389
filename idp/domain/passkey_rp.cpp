#include "domain/passkey_rp.hpp"

#include <algorithm>
#include <cctype>

namespace esc::domain {

std::string webauthn_rp_id(std::string_view issuer) {
    auto scheme = issuer.find("://");
    if (scheme == std::string_view::npos) return "";
    auto rest = issuer.substr(scheme + 3);
    auto end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, end);
    if (authority.find('@') != std::string_view::npos || authority.empty() || authority.front() == '[') return "";
    auto host = authority.substr(0, authority.find(':'));
    if (host.empty()) return "";
    // A dotted quad (or any all-digits-and-dots host) is an IPv4 address.
    if (std::all_of(host.begin(), host.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }))
        return "";
    std::string out(host);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

} // namespace esc::domain
