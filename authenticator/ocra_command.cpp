// The sandbox's CPS calculator: what the pocket card reader computes from the card's secret and
// the challenge the login page shows. The algorithm is the idp's own (idp/crypto/ocra.cpp), checked
// against RFC 6287's vectors; this command only feeds it.
#include <string>
#include <vector>

#include "commands.hpp"
#include "crypto/ocra.hpp"
#include "failure.hpp"

namespace esc::authenticator {

namespace {
std::vector<unsigned char> from_hex(const std::string& hex) {
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2 != 0) throw usage_error("--secret attend des chiffres hexadécimaux, deux par octet.");
    std::vector<unsigned char> out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = value(hex[i]), lo = value(hex[i + 1]);
        if (hi < 0 || lo < 0) throw usage_error("--secret attend des chiffres hexadécimaux, deux par octet.");
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return out;
}
} // namespace

void run_ocra(const Options& options, std::ostream& out) {
    auto suite = crypto::parse_ocra_suite(options.suite);
    if (!suite) throw usage_error("--suite n'est pas une suite OCRA (RFC 6287), par exemple OCRA-1:HOTP-SHA1-8:QN08.");
    crypto::OcraInput input;
    input.question = options.challenge;
    auto key = from_hex(options.secret);
    auto response = crypto::ocra_response(*suite, key, input);
    if (!response) throw usage_error("Ce défi ne convient pas à la suite " + options.suite + ".");
    out << *response << '\n';
}

} // namespace esc::authenticator
