#include "crypto/token_seal.hpp"

#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/encoding.hpp"

namespace esc::crypto {
namespace {

constexpr std::size_t kNonceSize = 12; // SP 800-38D §8.2: 96-bit IVs
constexpr std::size_t kTagSize = 16;
// Domain separation: this key is never the SHA-256 the store keeps (RFC 2104 HMAC, not a hash).
constexpr std::string_view kLabel = "esculape/refresh-grace/v1";

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

std::string derive_key(std::string_view secret) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), bytes(kLabel), kLabel.size(), out, &len))
        throw std::runtime_error("crypto: HMAC-SHA-256 failed");
    return std::string(reinterpret_cast<char*>(out), len);
}

CipherCtx init(bool encrypt, const std::string& key, std::string_view nonce) {
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce), encrypt ? 1 : 0) != 1)
        throw std::runtime_error("crypto: AES-256-GCM initialisation failed");
    return ctx;
}

} // namespace

std::string seal_with_secret(std::string_view secret, std::string_view plaintext, std::string_view aad) {
    auto key = derive_key(secret);
    std::string nonce = random_bytes(kNonceSize);
    auto ctx = init(true, key, nonce);
    int len = 0;
    std::string out = nonce;
    out.resize(kNonceSize + plaintext.size() + kTagSize);
    auto* cipher = reinterpret_cast<unsigned char*>(out.data() + kNonceSize);
    if (EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), cipher, &len, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), cipher + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + plaintext.size()) != 1)
        throw std::runtime_error("crypto: AES-256-GCM encryption failed");
    return base64url_encode(out);
}

std::optional<std::string> open_with_secret(std::string_view secret, std::string_view sealed, std::string_view aad) {
    auto raw = base64url_decode(sealed);
    if (!raw || raw->size() < kNonceSize + kTagSize) return std::nullopt;
    std::string_view all(*raw);
    auto nonce = all.substr(0, kNonceSize);
    auto cipher = all.substr(kNonceSize, all.size() - kNonceSize - kTagSize);
    std::string tag(all.substr(all.size() - kTagSize));
    auto ctx = init(false, derive_key(secret), nonce);
    std::string plain(cipher.size(), '\0');
    int len = 0;
    auto* out = reinterpret_cast<unsigned char*>(plain.data());
    if (EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), out, &len, bytes(cipher), static_cast<int>(cipher.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), out + len, &len) != 1)
        return std::nullopt; // wrong secret, wrong aad or altered: the tag does not verify
    return plain;
}

} // namespace esc::crypto
