#pragma once
// base64url without padding (RFC 4648 §5, as JOSE uses it: RFC 7515 §2) and random tokens.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace esc::authenticator {

std::string base64url_encode(std::string_view bytes);
// nullopt for characters outside the alphabet, impossible lengths or non-zero pad bits.
std::optional<std::string> base64url_decode(std::string_view text);
// `n` bytes from OpenSSL's CSPRNG; throws a local_error Failure if it cannot provide them.
std::string random_bytes(std::size_t n);

} // namespace esc::authenticator
