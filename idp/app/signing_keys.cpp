#include "app/signing_keys.hpp"

#include <stdexcept>

namespace esc::app {

namespace {
storage::StoredKey generate(crypto::Alg alg, domain::UnixTime now) {
    auto key = crypto::generate_private_key(alg);
    storage::StoredKey k;
    k.kid = key->kid();
    k.alg = crypto::alg_name(alg);
    k.private_pem = key->private_pem();
    k.public_jwk_json = key->public_jwk_json();
    k.created_at = now;
    return k;
}
} // namespace

std::vector<std::string> ensure_signing_keys(storage::Store& store, const std::vector<std::string>& algs,
                                             domain::UnixTime now) {
    std::vector<std::string> created;
    auto keys = store.keys().all();
    for (const auto& name : algs) {
        auto alg = crypto::parse_alg(name);
        if (!alg) throw std::runtime_error("tokens.signing_algs: unsupported algorithm " + name);
        bool has_active = false;
        for (const auto& k : keys) has_active = has_active || (k.alg == name && k.retired_at == 0);
        if (has_active) continue;
        auto k = generate(*alg, now);
        store.keys().add(k);
        created.push_back(k.kid);
    }
    return created;
}

void load_key_ring(storage::Store& store, crypto::KeyRing& ring, domain::UnixTime now) {
    std::vector<crypto::KeyRing::Entry> entries;
    for (const auto& k : store.keys().all()) {
        bool active = k.retired_at == 0;
        if (!active && k.publish_until <= now) continue;
        auto alg = crypto::parse_alg(k.alg);
        auto key = alg ? crypto::load_private_key(*alg, k.private_pem) : nullptr;
        if (!key) throw std::runtime_error("signing key " + k.kid + " in the store cannot be loaded");
        entries.push_back({key, crypto::public_key_of(*key), active});
    }
    ring.replace(std::move(entries));
}

std::string rotate_signing_key(storage::Store& store, const std::string& alg_name, domain::UnixTime now,
                               domain::UnixTime publish_for) {
    auto alg = crypto::parse_alg(alg_name);
    if (!alg) throw std::runtime_error("unsupported algorithm " + alg_name + " (RS256 or ES256)");
    auto k = generate(*alg, now);
    store.keys().add(k);
    store.keys().retire_others(alg_name, k.kid, now, now + publish_for);
    return k.kid;
}

} // namespace esc::app
