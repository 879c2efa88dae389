// RS256 / ES256 keys over pre-parsed OpenSSL EVP_PKEYs: signing never re-reads PEM, and the
// signature contexts are prepared once per key (see DigestTemplate).
#include <limits>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "crypto/ossl.hpp"

namespace esc::crypto {
namespace {

using detail::DigestTemplate;
using detail::PkeyPtr;

class OsslPublicKey final : public PublicKey {
public:
    OsslPublicKey(Alg alg, std::string kid, PkeyPtr pkey)
        : alg_(alg), kid_(std::move(kid)), pkey_(std::move(pkey)),
          verifier_(pkey_.get(), DigestTemplate::Mode::verify) {}

    Alg alg() const override { return alg_; }
    const std::string& kid() const override { return kid_; }

    bool verify(std::string_view signing_input, std::string_view signature) const override {
        if (alg_ == Alg::RS256) return verifier_.verify(signing_input, signature);
        auto der = detail::ecdsa_raw_to_der(signature);
        return der && verifier_.verify(signing_input, *der);
    }

private:
    Alg alg_;
    std::string kid_;
    PkeyPtr pkey_;
    DigestTemplate verifier_;
};

class OsslPrivateKey final : public PrivateKey {
public:
    OsslPrivateKey(Alg alg, PkeyPtr pkey)
        : alg_(alg), pkey_(std::move(pkey)), signer_(pkey_.get(), DigestTemplate::Mode::sign),
          max_signature_size_(static_cast<std::size_t>(EVP_PKEY_get_size(pkey_.get()))) {
        nlohmann::json jwk = detail::jwk_required_members(pkey_.get(), alg_);
        kid_ = detail::jwk_thumbprint(jwk);
        jwk["kid"] = kid_;
        jwk["use"] = "sig";
        jwk["alg"] = alg_name(alg_);
        public_jwk_ = jwk.dump();
    }

    Alg alg() const override { return alg_; }
    const std::string& kid() const override { return kid_; }
    std::string public_jwk_json() const override { return public_jwk_; }
    EVP_PKEY* pkey() const { return pkey_.get(); }

    std::string sign(std::string_view signing_input) const override {
        auto sig = signer_.sign(signing_input, max_signature_size_);
        if (sig && alg_ == Alg::ES256) sig = detail::ecdsa_der_to_raw(*sig);
        if (!sig) throw std::runtime_error("OpenSSL: signing failed");
        return *sig;
    }

    std::string private_pem() const override {
        detail::BioPtr bio(BIO_new(BIO_s_mem()));
        // PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY") in OpenSSL 3.
        if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
            throw std::runtime_error("OpenSSL: cannot write the private key");
        char* data = nullptr;
        long len = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(len));
    }

private:
    Alg alg_;
    PkeyPtr pkey_;
    DigestTemplate signer_;
    std::size_t max_signature_size_;
    std::string kid_;
    std::string public_jwk_;
};

// An encrypted PEM must fail, not prompt on the terminal (OpenSSL's default callback).
int refuse_passphrase(char*, int, int, void*) {
    return 0;
}

} // namespace

std::shared_ptr<PublicKey> detail::make_public_key(Alg alg, std::string kid, PkeyPtr pkey) {
    return std::make_shared<OsslPublicKey>(alg, std::move(kid), std::move(pkey));
}

std::shared_ptr<PrivateKey> generate_private_key(Alg alg) {
    EVP_PKEY* raw = alg == Alg::RS256 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048))
                                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (raw == nullptr) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL: key generation failed");
    }
    return std::make_shared<OsslPrivateKey>(alg, PkeyPtr(raw));
}

std::shared_ptr<PrivateKey> load_private_key(Alg alg, std::string_view pem) {
    if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return nullptr;
    detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr) : nullptr);
    ERR_clear_error();
    if (!pkey || !detail::key_matches(pkey.get(), alg)) return nullptr;
    try {
        return std::make_shared<OsslPrivateKey>(alg, std::move(pkey));
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::shared_ptr<PublicKey> public_key_of(const PrivateKey& key) {
    // Our own keys share their EVP_PKEY; any other implementation goes through its public JWK.
    if (const auto* own = dynamic_cast<const OsslPrivateKey*>(&key))
        return detail::make_public_key(key.alg(), key.kid(), detail::share(own->pkey()));
    auto jwk = nlohmann::json::parse(key.public_jwk_json(), nullptr, false);
    PkeyPtr pkey = detail::pkey_from_jwk(jwk, key.alg());
    if (!pkey) throw std::invalid_argument("public_key_of: the key's public JWK is unusable");
    return detail::make_public_key(key.alg(), key.kid(), std::move(pkey));
}

} // namespace esc::crypto
