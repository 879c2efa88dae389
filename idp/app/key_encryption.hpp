#pragma once
#include "config/config.hpp"
#include "crypto/key_wrap.hpp"

namespace esc::app {

// The key-encryption key of `[keys]`: from the environment variable, or from the file, which must
// not be accessible to group or others. In dev_mode a missing file is generated (0600, in a 0700
// directory). Throws std::runtime_error with a message naming the setting and what to do.
crypto::KeyEncryptionKey load_key_encryption_key(const config::Config& config);
// The server's HMAC secret (CSRF tokens, device cookies): 32 bytes from keys.hmac_secret_file or
// keys.hmac_secret_env, the same file for every node, so a form served by one node is accepted by
// another. Same rules as the key-encryption key (base64 of 32 bytes, mode 0600, generated in dev_mode).
std::string load_hmac_secret(const config::Config& config);

} // namespace esc::app
