#pragma once
#include <string>
#include <vector>

#include "crypto/key_ring.hpp"
#include "crypto/key_wrap.hpp"
#include "domain/time.hpp"
#include "storage/store.hpp"

namespace esc::app {

// Private keys are stored encrypted under `kek` (crypto/key_wrap.hpp), bound to their kid and alg.

// Creates an active key for every configured algorithm that has none (first start).
// Returns the kids it created.
std::vector<std::string> ensure_signing_keys(storage::Store& store, const std::vector<std::string>& algs,
                                             domain::UnixTime now, const crypto::KeyEncryptionKey& kek);

// Encrypts the keys a database made before encryption holds in clear (`idp migrate`, `idp serve`).
// Returns how many it encrypted.
int encrypt_clear_signing_keys(storage::Store& store, const crypto::KeyEncryptionKey& kek);

// Loads every key still published into the ring: active keys sign, retired ones only verify.
// Throws, naming the key, when one cannot be decrypted with `kek` (another KEK, altered row).
void load_key_ring(storage::Store& store, crypto::KeyRing& ring, domain::UnixTime now,
                   const crypto::KeyEncryptionKey& kek);

// `idp keys rotate`: a new active key for `alg`; the previous ones stay in the JWKS for
// `publish_for` seconds, enough for every token they signed to expire.
std::string rotate_signing_key(storage::Store& store, const std::string& alg, domain::UnixTime now,
                               domain::UnixTime publish_for, const crypto::KeyEncryptionKey& kek);

} // namespace esc::app
