#pragma once
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

// Signing keys at rest: AES-256-GCM under a key-encryption key (KEK) kept outside the database
// (`[keys] encryption_key_file` or `encryption_key_env`), so that a copy of the database alone
// cannot sign tokens. Stored form: "esc-kw1:<kek id>:<base64url(nonce 12 || ciphertext || tag 16)>".
// The additional data binds the ciphertext to its key id and algorithm: a row's ciphertext copied
// onto another row does not decrypt.
namespace esc::crypto {

struct KeyWrapError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class KeyEncryptionKey {
public:
    static constexpr std::size_t kSize = 32; // AES-256

    // 32 random bytes (RAND_bytes).
    static KeyEncryptionKey generate();
    // From its file or environment form: base64 of exactly 32 bytes, surrounding whitespace
    // ignored. nullopt with `why` set otherwise.
    static std::optional<KeyEncryptionKey> from_base64(std::string_view text, std::string& why);

    KeyEncryptionKey(const KeyEncryptionKey&) = default;
    KeyEncryptionKey& operator=(const KeyEncryptionKey&) = default;
    ~KeyEncryptionKey();

    std::string to_base64() const; // the file form (without newline)
    // A short public fingerprint, stored beside each wrapped key so that a wrong KEK is named
    // as such instead of failing as a corrupt key.
    const std::string& id() const { return id_; }
    const std::array<unsigned char, kSize>& bytes() const { return bytes_; }

private:
    KeyEncryptionKey() = default;
    void set_id();
    std::array<unsigned char, kSize> bytes_{};
    std::string id_;
};

// Whether a stored private key is in the wrapped form (else: legacy PEM in clear).
bool is_wrapped(std::string_view stored);
// The KEK id a wrapped value was made with ("" if not wrapped).
std::string wrapped_kek_id(std::string_view stored);

// `context` is the additional authenticated data (e.g. kid and alg).
std::string wrap_secret(const KeyEncryptionKey& kek, std::string_view secret, std::string_view context);
// Throws KeyWrapError when the value is malformed, was made under another KEK or was altered.
std::string unwrap_secret(const KeyEncryptionKey& kek, std::string_view wrapped, std::string_view context);

} // namespace esc::crypto
