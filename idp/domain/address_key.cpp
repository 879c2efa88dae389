#include "domain/address_key.hpp"

#include <algorithm>

#include <arpa/inet.h>

namespace esc::domain {

std::string address_key(std::string_view address) {
    std::string text(address.substr(0, 256));
    if (auto zone = text.find('%'); zone != std::string::npos) text.resize(zone); // fe80::1%eth0
    unsigned char v6[16];
    if (inet_pton(AF_INET6, text.c_str(), v6) != 1) return text;
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    char out[INET6_ADDRSTRLEN] = {};
    if (std::equal(kMapped, kMapped + 12, v6)) {
        inet_ntop(AF_INET, v6 + 12, out, sizeof out);
        return out;
    }
    std::fill(v6 + 8, v6 + 16, 0);
    inet_ntop(AF_INET6, v6, out, sizeof out);
    return std::string(out) + "/64";
}

} // namespace esc::domain
