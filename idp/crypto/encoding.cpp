#include "crypto/encoding.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace esc::crypto {
namespace {

constexpr std::string_view kStdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::int8_t kInvalid = -1;

using DecodeTable = std::array<std::int8_t, 256>;

constexpr DecodeTable make_table(std::string_view alphabet) {
    DecodeTable table{};
    table.fill(kInvalid);
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        table[static_cast<unsigned char>(alphabet[i])] = std::int8_t(i);
    return table;
}

constexpr DecodeTable kStdTable = make_table(kStdAlphabet);
constexpr DecodeTable kUrlTable = make_table(kUrlAlphabet);

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        std::uint32_t v = at(i) << 16;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        if (pad) out += "==";
    } else if (rest == 2) {
        std::uint32_t v = at(i) << 16 | at(i + 1) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        if (pad) out += '=';
    }
    return out;
}

// Decodes unpadded text. Rejects characters outside the alphabet, impossible lengths and
// non-zero pad bits, so each byte string has exactly one accepted encoding (RFC 4648 §3.5):
// a JWS cannot be re-encoded into a second token string that still verifies.
std::optional<std::string> decode(std::string_view text, const DecodeTable& table) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        std::int8_t v = table[static_cast<unsigned char>(c)];
        if (v == kInvalid) return std::nullopt;
        acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(acc >> bits & 0xFF);
        }
    }
    if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

const EVP_MD* sha256_md() {
    // Fetched once: the implicit fetch behind EVP_sha256() costs a locked lookup per call.
    static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) throw std::runtime_error("OpenSSL: SHA256 unavailable");
    return md;
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    return encode(bytes, kUrlAlphabet, false);
}

std::optional<std::string> base64url_decode(std::string_view text) {
    return decode(text, kUrlTable);
}

std::string base64_encode(std::string_view bytes) {
    return encode(bytes, kStdAlphabet, true);
}

// Standard base64 (RFC 4648 §4), e.g. HTTP Basic credentials: padding is optional, but when
// present it must complete the last quantum exactly.
std::optional<std::string> base64_decode(std::string_view text) {
    std::size_t pads = 0;
    while (pads < 2 && pads < text.size() && text[text.size() - 1 - pads] == '=')
        ++pads;
    if (pads > 0 && text.size() % 4 != 0) return std::nullopt;
    return decode(text.substr(0, text.size() - pads), kStdTable);
}

std::string sha256(std::string_view data) {
    std::string out(32, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len, sha256_md(),
                   nullptr) != 1 ||
        len != out.size())
        throw std::runtime_error("OpenSSL: SHA-256 failed");
    return out;
}

std::string sha256_b64url(std::string_view data) {
    return base64url_encode(sha256(data));
}

std::string random_bytes(std::size_t n) {
    // Each thread draws from the CSPRNG in 1 KiB blocks and hands bytes out once: a token costs a
    // copy instead of a locked DRBG call, and no byte is ever served twice.
    constexpr std::size_t kBlock = 1024;
    thread_local unsigned char pool[kBlock];
    thread_local std::size_t used = kBlock;
    std::string out(n, '\0');
    std::size_t filled = 0;
    while (filled < n) {
        if (used == kBlock) {
            // No fallback: without the CSPRNG no token or key may be produced at all.
            if (RAND_bytes(pool, static_cast<int>(kBlock)) != 1) throw std::runtime_error("OpenSSL: RAND_bytes failed");
            used = 0;
        }
        std::size_t take = std::min(n - filled, kBlock - used);
        std::memcpy(out.data() + filled, pool + used, take);
        OPENSSL_cleanse(pool + used, take);
        used += take;
        filled += take;
    }
    return out;
}

std::string random_token(std::size_t bytes) {
    return base64url_encode(random_bytes(bytes));
}

bool constant_time_equals(std::string_view a, std::string_view b) {
    // Only the length may leak; callers compare hashes or tokens of public length.
    if (a.size() != b.size()) return false;
    return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace esc::crypto
