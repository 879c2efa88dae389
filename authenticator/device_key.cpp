#include "device_key.hpp"

#include <limits>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "encoding.hpp"
#include "failure.hpp"

namespace esc::authenticator {
namespace {

constexpr int kCoordinateSize = 32; // P-256

template <auto Fn> struct Deleter {
    template <class T> void operator()(T* p) const { Fn(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

[[noreturn]] void fail(const std::string& what) {
    ERR_clear_error();
    throw local_error("OpenSSL : " + what + ".");
}

// A state file must not make the program prompt on the terminal for a passphrase (OpenSSL's
// default callback): an encrypted key is simply unusable here.
int refuse_passphrase(char*, int, int, void*) {
    return 0;
}

bool is_p256(EVP_PKEY* pkey) {
    char group[64] = "";
    return EVP_PKEY_is_a(pkey, "EC") &&
           EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) == 1 &&
           std::string_view(group) == "prime256v1";
}

std::string coordinate(EVP_PKEY* pkey, const char* name) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) fail("coordonnée de la clé publique illisible");
    BnPtr bn(raw);
    std::string out(kCoordinateSize, '\0');
    if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), kCoordinateSize) < 0)
        fail("coordonnée de la clé publique trop grande");
    return out;
}

std::string der_to_raw(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig) fail("signature ECDSA illisible");
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    std::string raw(2 * kCoordinateSize, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(r, out, kCoordinateSize) < 0 || BN_bn2binpad(s, out + kCoordinateSize, kCoordinateSize) < 0)
        fail("signature ECDSA hors de la courbe");
    return raw;
}

} // namespace

DeviceKey DeviceKey::generate() {
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (pkey == nullptr) fail("génération de la clé P-256 impossible");
    return DeviceKey(pkey);
}

DeviceKey DeviceKey::from_pem(std::string_view pkcs8_pem) {
    if (pkcs8_pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) fail("clé privée trop longue");
    BioPtr bio(BIO_new_mem_buf(pkcs8_pem.data(), static_cast<int>(pkcs8_pem.size())));
    EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr) : nullptr;
    if (pkey == nullptr) fail("la clé privée du fichier d'état est illisible");
    DeviceKey key(pkey);
    if (!is_p256(pkey)) fail("la clé du fichier d'état n'est pas une clé EC P-256");
    return key;
}

std::string DeviceKey::pkcs8_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    // OpenSSL 3 writes PKCS#8 ("BEGIN PRIVATE KEY") with PEM_write_bio_PrivateKey.
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        fail("écriture de la clé privée impossible");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

nlohmann::json DeviceKey::public_jwk() const {
    return {{"kty", "EC"},
            {"crv", "P-256"},
            {"x", base64url_encode(coordinate(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_X))},
            {"y", base64url_encode(coordinate(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_Y))}};
}

std::string DeviceKey::sign_es256(std::string_view signing_input) const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, pkey_.get(), nullptr) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1)
        fail("signature ES256 impossible");
    std::string der(size, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &size,
                       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1)
        fail("signature ES256 impossible");
    der.resize(size);
    return der_to_raw(der);
}

} // namespace esc::authenticator
