#include "crypto/key_ring.hpp"

namespace esc::crypto {
namespace {

std::vector<std::shared_ptr<PublicKey>> matching(const std::vector<KeyRing::Entry>& entries, const std::string& kid,
                                                 Alg alg) {
    std::vector<std::shared_ptr<PublicKey>> out;
    for (const auto& entry : entries)
        if (entry.pub && entry.pub->alg() == alg && (kid.empty() || entry.pub->kid() == kid)) out.push_back(entry.pub);
    return out;
}

} // namespace

void KeyRing::replace(std::vector<Entry> entries) {
    auto next = std::make_shared<State>();
    std::string keys;
    for (auto& entry : entries) {
        if (!entry.key && !entry.pub) continue;
        if (!entry.pub) entry.pub = public_key_of(*entry.key);
        // RFC 7517 §5: the JWKS lists every key that may still verify a live token, active
        // or retired; a verify-only entry without its private key has no JWK to publish.
        if (entry.key) keys += (keys.empty() ? "" : ",") + entry.key->public_jwk_json();
        next->entries.push_back(std::move(entry));
    }
    next->jwks = "{\"keys\":[" + keys + "]}";
    std::lock_guard lock(mutex_);
    state_ = std::move(next);
}

std::shared_ptr<const KeyRing::State> KeyRing::snapshot() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::shared_ptr<PrivateKey> KeyRing::signer(Alg alg) const {
    auto state = snapshot();
    // Entries come oldest first: the last active key of the algorithm is the newest.
    for (auto it = state->entries.rbegin(); it != state->entries.rend(); ++it)
        if (it->active && it->key && it->key->alg() == alg) return it->key;
    return nullptr;
}

std::vector<std::shared_ptr<PublicKey>> KeyRing::verifiers(const std::string& kid, Alg alg) const {
    return matching(snapshot()->entries, kid, alg);
}

std::string KeyRing::jwks_json() const {
    auto state = snapshot();
    return state->jwks.empty() ? std::string(R"({"keys":[]})") : state->jwks; // empty before the first replace()
}

KeyLookup KeyRing::lookup() const {
    // Bound to this ring, not to today's snapshot: a lookup kept by a handler sees rotations.
    // The ring must outlive the lookups it hands out (it lives as long as the server).
    return [this](const std::string& kid, Alg alg) { return verifiers(kid, alg); };
}

} // namespace esc::crypto
