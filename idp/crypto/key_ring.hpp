#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "crypto/jws.hpp"

namespace esc::crypto {

// The signing keys in use: the newest active key per algorithm signs; every published key
// (active or retired but still covering live tokens) verifies and appears in the JWKS.
class KeyRing {
public:
    struct Entry {
        std::shared_ptr<PrivateKey> key;
        std::shared_ptr<PublicKey> pub;
        bool active = false;
    };

    void replace(std::vector<Entry> entries); // thread-safe swap
    std::shared_ptr<PrivateKey> signer(Alg alg) const;
    std::vector<std::shared_ptr<PublicKey>> verifiers(const std::string& kid, Alg alg) const;
    std::string jwks_json() const; // cached document
    KeyLookup lookup() const;

private:
    struct State {
        std::vector<Entry> entries;
        std::string jwks;
    };
    mutable std::mutex mutex_;
    std::shared_ptr<const State> state_ = std::make_shared<State>();
    std::shared_ptr<const State> snapshot() const;
};

} // namespace esc::crypto
