#include "encoding.hpp"

#include <cstdint>

#include <openssl/rand.h>

#include "failure.hpp"

namespace esc::authenticator {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int value_of(char c) {
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8 | c) & 0xFFFF;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[acc >> bits & 63];
        }
    }
    if (bits > 0) out += kAlphabet[acc << (6 - bits) & 63];
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value_of(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(acc >> bits & 0xFF);
        }
    }
    // RFC 4648 §3.5: the unused bits must be zero, so each byte string has a single encoding.
    if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    // No fallback: without the CSPRNG neither a key, a salt nor a jti may be produced.
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw local_error("Générateur aléatoire indisponible (OpenSSL RAND_bytes).");
    return out;
}

} // namespace esc::authenticator
