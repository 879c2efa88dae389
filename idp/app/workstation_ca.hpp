#pragma once
#include "crypto/issuing_ca.hpp"
#include "crypto/key_wrap.hpp"
#include "domain/time.hpp"
#include "storage/store.hpp"

namespace esc::app {

// The CA of workstation certificates: read from the store, or made at the first start (P-256,
// valid ten years) and kept there, its key wrapped under the key-encryption key. Every node of a
// deployment uses the one stored first. Throws std::runtime_error when the stored key cannot be
// unwrapped (another key-encryption key) or does not match.
crypto::IssuingCa load_workstation_ca(storage::Store& store, const crypto::KeyEncryptionKey& kek, domain::UnixTime now);

} // namespace esc::app
