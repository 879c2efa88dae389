#pragma once
#include <string>
#include <string_view>

namespace esc::crypto {

// Argon2id with OWASP parameters (m = 19 MiB, t = 2, p = 1); returns the encoded PHC string.
std::string hash_password(std::string_view password);
// False for a wrong password or a malformed hash. Takes ~25 ms: never call it on an I/O thread.
bool verify_password(std::string_view encoded_hash, std::string_view password);

} // namespace esc::crypto
