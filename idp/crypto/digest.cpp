// SHA-256 signature operations over pre-initialised OpenSSL contexts, and the ECDSA signature
// format conversion of RFC 7518 §3.4.
#include <stdexcept>

#include <openssl/err.h>

#include "crypto/ossl.hpp"

namespace esc::crypto::detail {
namespace {

constexpr std::size_t kP256CoordinateSize = 32;

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

PkeyPtr share(EVP_PKEY* pkey) {
    if (pkey == nullptr || EVP_PKEY_up_ref(pkey) != 1) return nullptr;
    return PkeyPtr(pkey);
}

bool key_matches(EVP_PKEY* pkey, Alg alg) {
    if (pkey == nullptr) return false;
    if (alg == Alg::RS256) return EVP_PKEY_is_a(pkey, "RSA") && EVP_PKEY_get_bits(pkey) >= 2048;
    char group[64] = {};
    std::size_t len = 0;
    if (!EVP_PKEY_is_a(pkey, "EC") || EVP_PKEY_get_group_name(pkey, group, sizeof group, &len) != 1) {
        ERR_clear_error();
        return false;
    }
    return std::string_view(group, len) == "prime256v1" || std::string_view(group, len) == "P-256";
}

std::optional<std::string> ecdsa_der_to_raw(std::string_view der) {
    const unsigned char* p = bytes(der);
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig) {
        ERR_clear_error();
        return std::nullopt;
    }
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    std::string raw(2 * kP256CoordinateSize, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(r, out, kP256CoordinateSize) < 0 ||
        BN_bn2binpad(s, out + kP256CoordinateSize, kP256CoordinateSize) < 0)
        return std::nullopt;
    return raw;
}

std::optional<std::string> ecdsa_raw_to_der(std::string_view raw) {
    // RFC 7518 §3.4: exactly 64 octets; anything else is not an ES256 signature.
    if (raw.size() != 2 * kP256CoordinateSize) return std::nullopt;
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BnPtr r(BN_bin2bn(bytes(raw), kP256CoordinateSize, nullptr));
    BnPtr s(BN_bin2bn(bytes(raw) + kP256CoordinateSize, kP256CoordinateSize, nullptr));
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
    r.release(); // now owned by sig
    s.release();
    int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) return std::nullopt;
    std::string der(static_cast<std::size_t>(len), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != len) return std::nullopt;
    return der;
}

DigestTemplate::DigestTemplate(EVP_PKEY* pkey, Mode mode) : template_(EVP_MD_CTX_new()) {
    int ok = 0;
    if (template_ && mode == Mode::sign)
        ok = EVP_DigestSignInit_ex(template_.get(), nullptr, "SHA256", nullptr, nullptr, pkey, nullptr);
    else if (template_)
        ok = EVP_DigestVerifyInit_ex(template_.get(), nullptr, "SHA256", nullptr, nullptr, pkey, nullptr);
    if (ok != 1) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL: cannot initialise a SHA-256 signature context");
    }
}

MdCtxPtr DigestTemplate::copy() const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), template_.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    // The copy is used once: let the final step consume it instead of duplicating it again.
    EVP_MD_CTX_set_flags(ctx.get(), EVP_MD_CTX_FLAG_FINALISE);
    return ctx;
}

std::optional<std::string> DigestTemplate::sign(std::string_view data, std::size_t max_size) const {
    MdCtxPtr ctx = copy();
    if (!ctx) return std::nullopt;
    std::string sig(max_size, '\0');
    std::size_t len = sig.size();
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes(data), data.size()) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    sig.resize(len);
    return sig;
}

bool DigestTemplate::verify(std::string_view data, std::string_view signature) const {
    MdCtxPtr ctx = copy();
    if (!ctx) return false;
    int rc = EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(data), data.size());
    if (rc != 1) ERR_clear_error(); // a forged token must not leave errors queued on this thread
    return rc == 1;
}

} // namespace esc::crypto::detail
