#pragma once
// Private to idp/crypto: RAII owners for OpenSSL 3 handles and the key internals shared by
// keys.cpp, jwk.cpp and jws.cpp. Nothing outside this folder includes it.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "crypto/jws.hpp"

namespace esc::crypto::detail {

template <auto Free> struct Deleter {
    template <class T> void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL_free>>;

// Shares ownership of an EVP_PKEY (reference counted inside OpenSSL).
PkeyPtr share(EVP_PKEY* pkey);

// True if `pkey` is usable with `alg`: RSA of at least 2048 bits for RS256 (RFC 7518 §3.3),
// EC on P-256 for ES256 (RFC 7518 §3.4).
bool key_matches(EVP_PKEY* pkey, Alg alg);

// ES256 signatures are R||S, each 32 bytes big-endian (RFC 7518 §3.4); OpenSSL speaks DER.
std::optional<std::string> ecdsa_der_to_raw(std::string_view der);
std::optional<std::string> ecdsa_raw_to_der(std::string_view raw);

// Public JWK members required by RFC 7638 §3.2 (RSA: e, kty, n; EC: crv, kty, x, y).
nlohmann::json jwk_required_members(EVP_PKEY* pkey, Alg alg);
// RFC 7638 §3: base64url(SHA-256(members serialized without whitespace, keys sorted)).
std::string jwk_thumbprint(const nlohmann::json& required_members);
// Builds a public EVP_PKEY from a JWK object; nullptr when malformed or unsuitable for `alg`.
PkeyPtr pkey_from_jwk(const nlohmann::json& jwk, Alg alg);

// The PublicKey implementation over an EVP_PKEY (keys.cpp); throws if OpenSSL cannot set it up.
std::shared_ptr<PublicKey> make_public_key(Alg alg, std::string kid, PkeyPtr pkey);

// A signing or verifying operation initialised once per key; each call works on a copy of it,
// so the expensive algorithm fetch and key export happen once and the key stays shareable
// between threads (the template is only ever read).
class DigestTemplate {
public:
    enum class Mode { sign, verify };
    DigestTemplate(EVP_PKEY* pkey, Mode mode);
    std::optional<std::string> sign(std::string_view data, std::size_t max_size) const;
    bool verify(std::string_view data, std::string_view signature) const;

private:
    MdCtxPtr copy() const;
    MdCtxPtr template_;
};

} // namespace esc::crypto::detail
