#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace esc::crypto {

std::string base64url_encode(std::string_view bytes);               // no padding (RFC 7515 §2)
std::optional<std::string> base64url_decode(std::string_view text); // rejects padding and bad chars
std::string base64_encode(std::string_view bytes);                  // standard, padded
std::optional<std::string> base64_decode(std::string_view text);
std::string sha256(std::string_view data);        // 32 raw bytes
std::string sha256_b64url(std::string_view data); // base64url of sha256
std::string random_bytes(std::size_t n);          // CSPRNG (RAND_bytes)
std::string random_token(std::size_t bytes = 32); // base64url of random bytes
bool constant_time_equals(std::string_view a, std::string_view b);

} // namespace esc::crypto
