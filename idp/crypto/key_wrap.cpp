#include "crypto/key_wrap.hpp"

#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/encoding.hpp"

namespace esc::crypto {

namespace {

constexpr std::string_view kPrefix = "esc-kw1:";
constexpr std::size_t kNonceSize = 12; // GCM's recommended IV size (NIST SP 800-38D §8.2)
constexpr std::size_t kTagSize = 16;

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

std::string trim(std::string_view s) {
    auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

const unsigned char* bytes_of(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

KeyEncryptionKey::~KeyEncryptionKey() {
    OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

KeyEncryptionKey KeyEncryptionKey::generate() {
    KeyEncryptionKey k;
    if (RAND_bytes(k.bytes_.data(), static_cast<int>(k.bytes_.size())) != 1)
        throw KeyWrapError("OpenSSL could not generate a key-encryption key");
    k.set_id();
    return k;
}

std::optional<KeyEncryptionKey> KeyEncryptionKey::from_base64(std::string_view text, std::string& why) {
    auto raw = base64_decode(trim(text));
    if (!raw) {
        why = "not base64 (expected the output of `openssl rand -base64 32`)";
        return std::nullopt;
    }
    if (raw->size() != kSize) {
        why = "decodes to " + std::to_string(raw->size()) + " bytes, expected 32 (`openssl rand -base64 32`)";
        OPENSSL_cleanse(raw->data(), raw->size());
        return std::nullopt;
    }
    KeyEncryptionKey k;
    std::copy(raw->begin(), raw->end(), k.bytes_.begin());
    OPENSSL_cleanse(raw->data(), raw->size());
    k.set_id();
    return k;
}

void KeyEncryptionKey::set_id() {
    // Domain-separated hash: the id reveals nothing usable about the key.
    std::string input = "esculape key-encryption key id:";
    input.append(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
    id_ = base64url_encode(sha256(input)).substr(0, 11);
    OPENSSL_cleanse(input.data(), input.size());
}

std::string KeyEncryptionKey::to_base64() const {
    return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size()));
}

bool is_wrapped(std::string_view stored) {
    return stored.substr(0, kPrefix.size()) == kPrefix;
}

std::string wrapped_kek_id(std::string_view stored) {
    if (!is_wrapped(stored)) return {};
    auto rest = stored.substr(kPrefix.size());
    auto colon = rest.find(':');
    return colon == std::string_view::npos ? std::string() : std::string(rest.substr(0, colon));
}

std::string wrap_secret(const KeyEncryptionKey& kek, std::string_view secret, std::string_view context) {
    std::string out(kNonceSize + secret.size() + kTagSize, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    auto* body = nonce + kNonceSize;
    if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1) throw KeyWrapError("OpenSSL could not make a nonce");
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0, total = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize), nullptr) == 1 &&
              EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, kek.bytes().data(), nonce) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes_of(context), static_cast<int>(context.size())) == 1 &&
              EVP_EncryptUpdate(ctx.get(), body, &len, bytes_of(secret), static_cast<int>(secret.size())) == 1;
    total = len;
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), body + total, &len) == 1;
    total += len;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize), body + total) == 1;
    if (!ok) throw KeyWrapError("AES-256-GCM encryption failed");
    std::string result = std::string(kPrefix) + kek.id() + ":" + base64url_encode(out);
    OPENSSL_cleanse(out.data(), out.size());
    return result;
}

std::string unwrap_secret(const KeyEncryptionKey& kek, std::string_view wrapped, std::string_view context) {
    if (!is_wrapped(wrapped)) throw KeyWrapError("not an encrypted key (no esc-kw1: prefix)");
    auto id = wrapped_kek_id(wrapped);
    if (id != kek.id())
        throw KeyWrapError("encrypted under key-encryption key " + (id.empty() ? std::string("?") : id) +
                           ", but the configured key-encryption key is " + kek.id());
    auto raw = base64url_decode(wrapped.substr(kPrefix.size() + id.size() + 1));
    if (!raw || raw->size() < kNonceSize + kTagSize) throw KeyWrapError("malformed encrypted key");
    const auto* nonce = bytes_of(*raw);
    const auto* body = nonce + kNonceSize;
    const std::size_t body_size = raw->size() - kNonceSize - kTagSize;
    std::string plain(body_size, '\0');
    auto* out = reinterpret_cast<unsigned char*>(plain.data());
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0, total = 0;
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize), nullptr) == 1 &&
              EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, kek.bytes().data(), nonce) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes_of(context), static_cast<int>(context.size())) == 1 &&
              EVP_DecryptUpdate(ctx.get(), out, &len, body, static_cast<int>(body_size)) == 1;
    total = len;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                                   const_cast<unsigned char*>(body + body_size)) == 1;
    // The tag check happens here: a wrong context or an altered byte fails.
    ok = ok && EVP_DecryptFinal_ex(ctx.get(), out + total, &len) == 1;
    if (!ok) {
        OPENSSL_cleanse(plain.data(), plain.size());
        throw KeyWrapError("encrypted key does not authenticate (altered, or stored under another key id)");
    }
    plain.resize(static_cast<std::size_t>(total + len));
    return plain;
}

} // namespace esc::crypto
