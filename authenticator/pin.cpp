#include "pin.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "encoding.hpp"
#include "failure.hpp"

namespace esc::authenticator {
namespace {

constexpr int kIterations = 100'000;
constexpr std::size_t kSaltSize = 16; // RFC 8018 §4.1: at least 8 bytes; NIST SP 800-132 asks 16
constexpr std::size_t kHashSize = 32; // the output size of SHA-256
constexpr const char* kKdfName = "PBKDF2-HMAC-SHA256";
// Bounds for a verifier read back from disk: a tampered file must not make a check take hours.
constexpr int kMinIterations = 10'000;
constexpr int kMaxIterations = 10'000'000;

std::string derive(std::string_view pin, const std::string& salt, int iterations, std::size_t size) {
    std::string out(size, '\0');
    if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(size),
                          reinterpret_cast<unsigned char*>(out.data())) != 1)
        throw local_error("OpenSSL : PBKDF2 impossible.");
    return out;
}

} // namespace

void require_pin_format(std::string_view pin) {
    const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (pin.size() < 4 || pin.size() > 6 || !digits) throw usage_error("Le code PIN doit comporter de 4 à 6 chiffres.");
}

PinVerifier PinVerifier::create(std::string_view pin) {
    PinVerifier v;
    v.iterations = kIterations;
    v.salt = random_bytes(kSaltSize);
    v.hash = derive(pin, v.salt, v.iterations, kHashSize);
    return v;
}

bool PinVerifier::matches(std::string_view pin) const {
    const std::string candidate = derive(pin, salt, iterations, hash.size());
    return CRYPTO_memcmp(candidate.data(), hash.data(), hash.size()) == 0;
}

nlohmann::json PinVerifier::to_json() const {
    return {{"kdf", kKdfName},
            {"iterations", iterations},
            {"salt", base64url_encode(salt)},
            {"hash", base64url_encode(hash)}};
}

PinVerifier PinVerifier::from_json(const nlohmann::json& json) {
    const auto bad = [] { return local_error("Fichier d'état : vérificateur de code PIN invalide."); };
    if (!json.is_object() || json.value("kdf", "") != kKdfName) throw bad();
    const auto iterations = json.find("iterations");
    const auto salt = json.find("salt");
    const auto hash = json.find("hash");
    if (iterations == json.end() || !iterations->is_number_integer() || salt == json.end() || !salt->is_string() ||
        hash == json.end() || !hash->is_string())
        throw bad();
    PinVerifier v;
    const auto count = iterations->get<long long>();
    if (count < kMinIterations || count > kMaxIterations) throw bad();
    v.iterations = static_cast<int>(count);
    auto salt_bytes = base64url_decode(salt->get<std::string>());
    auto hash_bytes = base64url_decode(hash->get<std::string>());
    if (!salt_bytes || salt_bytes->size() < 8 || !hash_bytes || hash_bytes->size() != kHashSize) throw bad();
    v.salt = std::move(*salt_bytes);
    v.hash = std::move(*hash_bytes);
    return v;
}

} // namespace esc::authenticator
