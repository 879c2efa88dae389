#pragma once
#include <optional>
#include <string>
#include <string_view>

// Sealing a value under a key derived from a bearer secret the server never stores (a refresh
// token, of which the store keeps only the SHA-256): whoever reads the database cannot open it,
// whoever presents the secret again can. Used to keep the response of a refresh rotation for the
// reuse grace interval without holding the new tokens in clear (RFC 9700 §4.14.2).
namespace esc::crypto {

// AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce, under HMAC-SHA-256(secret, label);
// `aad` is authenticated, not encrypted. Returns base64url(nonce || ciphertext || tag).
std::string seal_with_secret(std::string_view secret, std::string_view plaintext, std::string_view aad);
// nullopt when `sealed` is malformed, was sealed under another secret or aad, or was altered.
std::optional<std::string> open_with_secret(std::string_view secret, std::string_view sealed, std::string_view aad);

} // namespace esc::crypto
