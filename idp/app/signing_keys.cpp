#include "app/signing_keys.hpp"

#include <stdexcept>

#include <openssl/crypto.h>

namespace esc::app {

namespace {

// Binds the ciphertext to its row: swapping two rows' private keys does not decrypt.
std::string wrap_context(const std::string& kid, const std::string& alg) {
    return "esculape signing key|" + alg + "|" + kid;
}

std::string wrap(const crypto::KeyEncryptionKey& kek, std::string pem, const std::string& kid, const std::string& alg) {
    auto wrapped = crypto::wrap_secret(kek, pem, wrap_context(kid, alg));
    OPENSSL_cleanse(pem.data(), pem.size());
    return wrapped;
}

storage::StoredKey generate(crypto::Alg alg, domain::UnixTime now, const crypto::KeyEncryptionKey& kek) {
    auto key = crypto::generate_private_key(alg);
    storage::StoredKey k;
    k.kid = key->kid();
    k.alg = crypto::alg_name(alg);
    k.private_pem = wrap(kek, key->private_pem(), k.kid, k.alg);
    k.public_jwk_json = key->public_jwk_json();
    k.created_at = now;
    return k;
}

std::shared_ptr<crypto::PrivateKey> load(const storage::StoredKey& k, const crypto::KeyEncryptionKey& kek) {
    auto alg = crypto::parse_alg(k.alg);
    if (!alg) throw std::runtime_error("signing key " + k.kid + " in the store has an unknown algorithm " + k.alg);
    if (!crypto::is_wrapped(k.private_pem)) return crypto::load_private_key(*alg, k.private_pem); // legacy, clear
    std::string pem;
    try {
        pem = crypto::unwrap_secret(kek, k.private_pem, wrap_context(k.kid, k.alg));
    } catch (const crypto::KeyWrapError& e) {
        throw std::runtime_error("signing key " + k.kid + " cannot be decrypted: " + e.what() +
                                 ". Configure the key-encryption key this database was made with "
                                 "(keys.encryption_key_file or keys.encryption_key_env)");
    }
    auto key = crypto::load_private_key(*alg, pem);
    OPENSSL_cleanse(pem.data(), pem.size());
    return key;
}

} // namespace

std::vector<std::string> ensure_signing_keys(storage::Store& store, const std::vector<std::string>& algs,
                                             domain::UnixTime now, const crypto::KeyEncryptionKey& kek) {
    std::vector<std::string> created;
    auto keys = store.keys().all();
    for (const auto& name : algs) {
        auto alg = crypto::parse_alg(name);
        if (!alg) throw std::runtime_error("tokens.signing_algs: unsupported algorithm " + name);
        bool has_active = false;
        for (const auto& k : keys)
            has_active = has_active || (k.alg == name && k.retired_at == 0);
        if (has_active) continue;
        auto k = generate(*alg, now, kek);
        store.keys().add(k);
        created.push_back(k.kid);
    }
    return created;
}

int encrypt_clear_signing_keys(storage::Store& store, const crypto::KeyEncryptionKey& kek) {
    int encrypted = 0;
    for (auto& k : store.keys().all()) {
        if (crypto::is_wrapped(k.private_pem)) continue;
        auto alg = crypto::parse_alg(k.alg);
        if (!alg || !crypto::load_private_key(*alg, k.private_pem))
            throw std::runtime_error("signing key " + k.kid + " in the store cannot be loaded");
        if (store.keys().replace_private(k.kid, wrap(kek, k.private_pem, k.kid, k.alg))) ++encrypted;
        OPENSSL_cleanse(k.private_pem.data(), k.private_pem.size());
    }
    return encrypted;
}

void load_key_ring(storage::Store& store, crypto::KeyRing& ring, domain::UnixTime now,
                   const crypto::KeyEncryptionKey& kek) {
    std::vector<crypto::KeyRing::Entry> entries;
    for (const auto& k : store.keys().all()) {
        bool active = k.retired_at == 0;
        if (!active && k.publish_until <= now) continue;
        auto key = load(k, kek);
        if (!key) throw std::runtime_error("signing key " + k.kid + " in the store cannot be loaded");
        entries.push_back({key, crypto::public_key_of(*key), active});
    }
    ring.replace(std::move(entries));
}

std::string rotate_signing_key(storage::Store& store, const std::string& alg_name, domain::UnixTime now,
                               domain::UnixTime publish_for, const crypto::KeyEncryptionKey& kek) {
    auto alg = crypto::parse_alg(alg_name);
    if (!alg) throw std::runtime_error("unsupported algorithm " + alg_name + " (RS256 or ES256)");
    auto k = generate(*alg, now, kek);
    store.keys().add(k);
    store.keys().retire_others(alg_name, k.kid, now, now + publish_for);
    return k.kid;
}

} // namespace esc::app
