#pragma once
// Keys and helpers shared by the crypto unit tests; RSA generation is slow, so each key is
// generated once per test run.
#include <memory>
#include <string>
#include <vector>

#include <openssl/pem.h>

#include "crypto/jws.hpp"

namespace esc::crypto::test {

inline const std::shared_ptr<PrivateKey>& shared_key(Alg alg) {
    static const std::shared_ptr<PrivateKey> rsa = generate_private_key(Alg::RS256);
    static const std::shared_ptr<PrivateKey> ec = generate_private_key(Alg::ES256);
    return alg == Alg::RS256 ? rsa : ec;
}

// A lookup over a fixed list, matching like the key ring does.
inline KeyLookup lookup_of(std::vector<std::shared_ptr<PublicKey>> keys) {
    return [keys = std::move(keys)](const std::string& kid, Alg alg) {
        std::vector<std::shared_ptr<PublicKey>> out;
        for (const auto& key : keys)
            if (key->alg() == alg && (kid.empty() || key->kid() == kid)) out.push_back(key);
        return out;
    };
}

// SubjectPublicKeyInfo PEM of a PKCS#8 private key PEM, computed with OpenSSL directly.
inline std::string public_pem_of(const std::string& private_pem) {
    BIO* in = BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
    BIO* out = BIO_new(BIO_s_mem());
    std::string pem;
    if (pkey != nullptr && PEM_write_bio_PUBKEY(out, pkey) == 1) {
        char* data = nullptr;
        long len = BIO_get_mem_data(out, &data);
        pem.assign(data, static_cast<std::size_t>(len));
    }
    EVP_PKEY_free(pkey);
    BIO_free(out);
    BIO_free(in);
    return pem;
}

} // namespace esc::crypto::test
