#pragma once
#include <string>
#include <vector>

#include "crypto/key_ring.hpp"
#include "domain/time.hpp"
#include "storage/store.hpp"

namespace esc::app {

// Creates an active key for every configured algorithm that has none (first start).
// Returns the kids it created.
std::vector<std::string> ensure_signing_keys(storage::Store& store, const std::vector<std::string>& algs,
                                             domain::UnixTime now);

// Loads every key still published into the ring: active keys sign, retired ones only verify.
void load_key_ring(storage::Store& store, crypto::KeyRing& ring, domain::UnixTime now);

// `idp keys rotate`: a new active key for `alg`; the previous ones stay in the JWKS for
// `publish_for` seconds, enough for every token they signed to expire.
std::string rotate_signing_key(storage::Store& store, const std::string& alg, domain::UnixTime now,
                               domain::UnixTime publish_for);

} // namespace esc::app
