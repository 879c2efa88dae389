#pragma once
#include "config/config.hpp"
#include "crypto/key_wrap.hpp"

namespace esc::app {

// The key-encryption key of `[keys]`: from the environment variable, or from the file, which must
// not be accessible to group or others. In dev_mode a missing file is generated (0600, in a 0700
// directory). Throws std::runtime_error with a message naming the setting and what to do.
crypto::KeyEncryptionKey load_key_encryption_key(const config::Config& config);

} // namespace esc::app
