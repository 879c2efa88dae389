// Password hashing with Argon2id (RFC 9106) at the OWASP Password Storage Cheat Sheet
// parameters: m = 19 MiB, t = 2, p = 1.
#include "crypto/password.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include <argon2.h>

#include "crypto/encoding.hpp"

namespace esc::crypto {
namespace {

constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19456;
constexpr std::uint32_t kParallelism = 1;
constexpr std::size_t kSaltSize = 16; // RFC 9106 §3.1 recommends 16 bytes
constexpr std::size_t kHashSize = 32;

// A stored hash names its own cost; these bounds keep a tampered or corrupt row from making a
// single login allocate gigabytes or spin for seconds. They leave room to raise our parameters.
constexpr std::uint32_t kMaxMemoryKiB = 256 * 1024;
constexpr std::uint32_t kMaxTimeCost = 16;
constexpr std::uint32_t kMaxParallelism = 16;

std::optional<std::uint32_t> param_after(std::string_view text, std::string_view key) {
    std::size_t at = text.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    const char* begin = text.data() + at + key.size();
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec != std::errc() || end == begin) return std::nullopt;
    return value;
}

// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (PHC string format).
bool acceptable_encoding(std::string_view encoded) {
    constexpr std::string_view kPrefix = "$argon2id$v=19$";
    if (encoded.substr(0, kPrefix.size()) != kPrefix || encoded.find('\0') != std::string_view::npos) return false;
    std::string_view params = encoded.substr(kPrefix.size());
    params = params.substr(0, params.find('$'));
    auto m = param_after(params, "m=");
    auto t = param_after(params, "t=");
    auto p = param_after(params, "p=");
    return m && t && p && *m <= kMaxMemoryKiB && *t <= kMaxTimeCost && *p <= kMaxParallelism;
}

} // namespace

std::string hash_password(std::string_view password) {
    std::string salt = random_bytes(kSaltSize);
    std::string encoded(argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltSize, kHashSize, Argon2_id), '\0');
    int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, password.data(), password.size(), salt.data(),
                                   salt.size(), kHashSize, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
    if (auto end = encoded.find('\0'); end != std::string::npos) encoded.resize(end); // the length counts the NUL
    return encoded;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
    if (!acceptable_encoding(encoded_hash)) return false;
    std::string encoded(encoded_hash); // argon2 reads a NUL-terminated string
    // argon2id_verify compares the recomputed hash in constant time.
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

} // namespace esc::crypto
