#include "crypto/issuing_ca.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <stdexcept>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ossl.hpp"

namespace esc::crypto {

namespace {

using detail::CrlPtr;
using detail::Deleter;
using detail::X509Ptr;
using RevokedPtr = std::unique_ptr<X509_REVOKED, Deleter<X509_REVOKED_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using detail::PkeyPtr;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
// Does not own the certificates it lists (sk_X509_free is a macro, hence no Deleter).
struct CertStackFree {
    void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using CertStackPtr = std::unique_ptr<STACK_OF(X509), CertStackFree>;

// Throws with OpenSSL's first queued reason, and empties the (thread-local) queue so the next
// operation on this thread does not report a stale error.
[[noreturn]] void fail(const std::string& what) {
    std::string reason;
    if (unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        reason = std::string(": ") + buf;
    }
    ERR_clear_error();
    throw std::runtime_error("issuing CA: " + what + reason);
}

void check(int ok, const char* what) {
    if (ok <= 0) fail(what);
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
}

BioPtr memory_bio() {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio) fail("BIO_new");
    return bio;
}

std::string certificate_pem_of(X509* cert) {
    auto bio = memory_bio();
    check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
    return bio_text(bio.get());
}

std::string name_text(const X509_NAME* name) {
    auto bio = memory_bio();
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    return bio_text(bio.get());
}

// The same conversion as revocation.cpp, so an issued serial matches the CRL entry it is looked up by.
std::string serial_hex(const ASN1_INTEGER* serial) {
    BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn) fail("ASN1_INTEGER_to_BN");
    char* hex = BN_bn2hex(bn.get());
    if (!hex) fail("BN_bn2hex");
    std::string out = hex;
    OPENSSL_free(hex);
    return out;
}

domain::UnixTime unix_time(const ASN1_TIME* t) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) fail("unreadable certificate time");
    return static_cast<domain::UnixTime>(timegm(&tm));
}

TimePtr asn1_time(domain::UnixTime t) {
    // ASN1_TIME_set picks UTCTime until 2049 and GeneralizedTime after, as RFC 5280 §4.1.2.5 asks.
    TimePtr out(ASN1_TIME_set(nullptr, static_cast<time_t>(t)));
    if (!out) fail("time out of range");
    return out;
}

PkeyPtr generate_p256() {
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) fail("P-256 key generation");
    return key;
}

// RFC 5280 §4.1.2.2: positive, at most 20 octets. 127 random bits make a collision between two
// certificates of this CA negligible, so no registry of used serials is needed.
IntegerPtr random_serial() {
    unsigned char bytes[16];
    do {
        check(RAND_bytes(bytes, sizeof bytes), "RAND_bytes");
        bytes[0] &= 0x7f;
    } while (std::all_of(std::begin(bytes), std::end(bytes), [](unsigned char b) { return b == 0; }));
    BnPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
    if (!bn) fail("BN_bin2bn");
    IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    if (!serial) fail("BN_to_ASN1_INTEGER");
    return serial;
}

void add_name_entry(X509_NAME* name, const char* field, std::string_view value) {
    if (value.empty()) return;
    // MBSTRING_UTF8 lets OpenSSL store a UTF8String and enforce the RFC 5280 upper bounds (64 for CN).
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
        ERR_clear_error();
        throw std::invalid_argument("issuing CA: subject " + std::string(field) + " is not acceptable (too long?)");
    }
}

// A v3 certificate with everything but its extensions and signature.
X509Ptr new_certificate(const X509_NAME* subject, const X509_NAME* issuer, EVP_PKEY* key, domain::UnixTime not_before,
                        domain::UnixTime not_after) {
    X509Ptr cert(X509_new());
    if (!cert) fail("X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
    check(X509_set_serialNumber(cert.get(), random_serial().get()), "X509_set_serialNumber");
    check(X509_set_subject_name(cert.get(), subject), "X509_set_subject_name");
    check(X509_set_issuer_name(cert.get(), issuer), "X509_set_issuer_name");
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    check(X509_set1_notBefore(cert.get(), asn1_time(not_before).get()), "X509_set1_notBefore");
    check(X509_set1_notAfter(cert.get(), asn1_time(not_after).get()), "X509_set1_notAfter");
    return cert;
}

// `value` in openssl x509v3_config(5) syntax; the context gives the key identifiers their keys.
ExtPtr make_extension(X509* issuer, X509* subject, X509_CRL* crl, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, subject, nullptr, crl, 0);
    ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
    if (!ext) fail(std::string("extension ") + OBJ_nid2sn(nid) + " = " + value);
    return ext;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    check(X509_add_ext(cert, make_extension(issuer, cert, nullptr, nid, value).get(), -1), "X509_add_ext");
}

void reject_nul(std::string_view value, const char* what) {
    if (value.find('\0') != std::string_view::npos)
        throw std::invalid_argument(std::string("issuing CA: ") + what + " contains a NUL character");
}

} // namespace

CaMaterial make_issuing_ca(std::string_view common_name, std::string_view organization, domain::UnixTime now,
                           std::int64_t validity_seconds) {
    if (validity_seconds <= 0) throw std::invalid_argument("issuing CA: validity must be positive");
    if (common_name.empty()) throw std::invalid_argument("issuing CA: empty common name");
    auto key = generate_p256();
    NamePtr name(X509_NAME_new());
    if (!name) fail("X509_NAME_new");
    add_name_entry(name.get(), "C", "FR");
    add_name_entry(name.get(), "O", organization);
    add_name_entry(name.get(), "CN", common_name);
    // The 60 s before now absorb clock skew between this server and the machines checking it.
    auto cert = new_certificate(name.get(), name.get(), key.get(), now - 60, now + validity_seconds);
    add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()), "X509_sign");

    auto bio = memory_bio();
    check(PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr),
          "PEM_write_bio_PrivateKey");
    return {bio_text(bio.get()), certificate_pem_of(cert.get())};
}

struct IssuingCa::State {
    X509Ptr cert;
    PkeyPtr key;
    std::string certificate_pem;
    std::string subject_text;
    domain::UnixTime not_before = 0;
    domain::UnixTime not_after = 0;
};

IssuingCa::IssuingCa(const CaMaterial& material) {
    auto state = std::make_shared<State>();
    BioPtr key_bio(BIO_new_mem_buf(material.key_pem.data(), static_cast<int>(material.key_pem.size())));
    // A refusing callback: OpenSSL's default one would prompt on the terminal for an encrypted key.
    auto no_passphrase = [](char*, int, int, void*) { return -1; };
    state->key.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, no_passphrase, nullptr));
    if (!state->key) fail("private key unreadable (PEM, without passphrase)");
    BioPtr cert_bio(
        BIO_new_mem_buf(material.certificate_pem.data(), static_cast<int>(material.certificate_pem.size())));
    state->cert.reset(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
    if (!state->cert) fail("certificate unreadable (PEM)");
    X509* cert = state->cert.get();
    state->subject_text = name_text(X509_get_subject_name(cert));
    if (X509_check_private_key(cert, state->key.get()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("issuing CA: private key does not match the certificate " + state->subject_text);
    }
    // Also fills OpenSSL's lazily built extension cache now, while the certificate is not yet shared.
    const std::uint32_t flags = X509_get_extension_flags(cert);
    if (flags & EXFLAG_INVALID) throw std::runtime_error("issuing CA: malformed extensions in " + state->subject_text);
    if (!(flags & EXFLAG_CA))
        throw std::runtime_error("issuing CA: " + state->subject_text + " is not a CA (basicConstraints CA:TRUE)");
    const std::uint32_t usage = X509_get_key_usage(cert); // all bits when keyUsage is absent
    if ((usage & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) != (KU_KEY_CERT_SIGN | KU_CRL_SIGN))
        throw std::runtime_error("issuing CA: " + state->subject_text + " keyUsage lacks keyCertSign or cRLSign");
    state->certificate_pem = certificate_pem_of(cert);
    state->not_before = unix_time(X509_get0_notBefore(cert));
    state->not_after = unix_time(X509_get0_notAfter(cert));
    state_ = std::move(state);
}

const std::string& IssuingCa::certificate_pem() const {
    return state_->certificate_pem;
}

std::string IssuingCa::subject_text() const {
    return state_->subject_text;
}

namespace {

// Key and certificate bags are both encrypted (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC), the
// OpenSSL 3 defaults, named explicitly so a different library default cannot weaken them. Windows
// 10 1709+, browsers and Node.js read this; the RC2/3DES "legacy" format is deliberately not made.
std::string pack_pkcs12(EVP_PKEY* key, X509* cert, X509* ca, const std::string& password,
                        const std::string& friendly_name) {
    CertStackPtr chain(sk_X509_new_null());
    if (!chain || sk_X509_push(chain.get(), ca) <= 0) fail("sk_X509_push");
    // mac_iter -1: no MAC here, it is set below with an explicit SHA-256.
    Pkcs12Ptr p12(PKCS12_create_ex(password.c_str(), friendly_name.empty() ? nullptr : friendly_name.c_str(), key, cert,
                                   chain.get(), NID_aes_256_cbc, NID_aes_256_cbc, PKCS12_DEFAULT_ITER, -1, 0, nullptr,
                                   nullptr));
    if (!p12) fail("PKCS12_create_ex");
    check(PKCS12_set_mac(p12.get(), password.c_str(), -1, nullptr, 0, PKCS12_DEFAULT_ITER, EVP_sha256()),
          "PKCS12_set_mac");
    unsigned char* der = nullptr;
    int len = i2d_PKCS12(p12.get(), &der);
    if (len <= 0) fail("i2d_PKCS12");
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

} // namespace

IssuingCa::Issued IssuingCa::issue(const Subject& subject, std::string_view password, std::string_view friendly_name,
                                   domain::UnixTime now, std::int64_t validity_seconds) const {
    if (subject.common_name.empty()) throw std::invalid_argument("issuing CA: empty common name");
    if (password.empty()) throw std::invalid_argument("issuing CA: a PKCS#12 needs a password");
    reject_nul(password, "password");
    reject_nul(friendly_name, "friendly name");
    if (validity_seconds <= 0) throw std::invalid_argument("issuing CA: validity must be positive");
    const domain::UnixTime not_before = now - 60;
    const domain::UnixTime not_after = now + validity_seconds;
    // A certificate valid outside its CA's validity would fail path validation (RFC 5280 §6.1.3)
    // for part of its life: refuse rather than hand out a certificate that breaks later.
    if (now < state_->not_before || not_after > state_->not_after)
        throw std::invalid_argument("issuing CA: the certificate's validity must lie within the CA's");

    auto key = generate_p256();
    NamePtr name(X509_NAME_new());
    if (!name) fail("X509_NAME_new");
    add_name_entry(name.get(), "O", subject.organization);
    add_name_entry(name.get(), "OU", subject.organizational_unit);
    add_name_entry(name.get(), "CN", subject.common_name);
    X509* ca = state_->cert.get();
    auto cert = new_certificate(name.get(), X509_get_subject_name(ca), key.get(), not_before, not_after);
    add_extension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), ca, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), ca, NID_ext_key_usage, "clientAuth");
    add_extension(cert.get(), ca, NID_subject_key_identifier, "hash");
    add_extension(cert.get(), ca, NID_authority_key_identifier, "keyid:always");
    check(X509_sign(cert.get(), state_->key.get(), EVP_sha256()), "X509_sign");

    Issued out;
    out.serial_hex = serial_hex(X509_get0_serialNumber(cert.get()));
    out.certificate_pem = certificate_pem_of(cert.get());
    out.pkcs12 = pack_pkcs12(key.get(), cert.get(), ca, std::string(password), std::string(friendly_name));
    out.not_before = not_before;
    out.not_after = not_after;
    return out;
}

namespace {

// Parses and normalises a serial to BN_bn2hex's form, so "0a1b" and "A1B" are one entry.
std::string normalized_serial(const std::string& hex) {
    BIGNUM* raw = nullptr;
    const int used = hex.empty() ? 0 : BN_hex2bn(&raw, hex.c_str());
    BnPtr bn(raw);
    if (!bn || used != static_cast<int>(hex.size()) || BN_is_negative(bn.get()) || BN_is_zero(bn.get())) {
        ERR_clear_error();
        throw std::invalid_argument("issuing CA: revoked serial '" + hex + "' is not a positive hex number");
    }
    char* text = BN_bn2hex(bn.get());
    if (!text) fail("BN_bn2hex");
    std::string out = text;
    OPENSSL_free(text);
    return out;
}

void add_revoked(X509_CRL* crl, const std::string& normalized_hex, domain::UnixTime revoked_at) {
    BIGNUM* raw = nullptr;
    if (!BN_hex2bn(&raw, normalized_hex.c_str())) fail("BN_hex2bn");
    BnPtr bn(raw);
    IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    if (!serial) fail("BN_to_ASN1_INTEGER");
    RevokedPtr entry(X509_REVOKED_new());
    if (!entry) fail("X509_REVOKED_new");
    check(X509_REVOKED_set_serialNumber(entry.get(), serial.get()), "X509_REVOKED_set_serialNumber");
    check(X509_REVOKED_set_revocationDate(entry.get(), asn1_time(revoked_at).get()), "X509_REVOKED_set_revocationDate");
    check(X509_CRL_add0_revoked(crl, entry.get()), "X509_CRL_add0_revoked");
    entry.release(); // owned by the CRL from here
}

} // namespace

std::string IssuingCa::make_crl(const std::vector<Revoked>& revoked, domain::UnixTime now,
                                std::int64_t next_update_seconds, std::uint64_t crl_number) const {
    if (next_update_seconds <= 0) throw std::invalid_argument("issuing CA: nextUpdate must be after lastUpdate");
    std::map<std::string, domain::UnixTime> entries;
    for (const auto& r : revoked) {
        auto [it, inserted] = entries.emplace(normalized_serial(r.serial_hex), r.revoked_at);
        if (!inserted) it->second = std::min(it->second, r.revoked_at);
    }

    X509* ca = state_->cert.get();
    CrlPtr crl(X509_CRL_new());
    if (!crl) fail("X509_CRL_new");
    check(X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2), "X509_CRL_set_version");
    check(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca)), "X509_CRL_set_issuer_name");
    check(X509_CRL_set1_lastUpdate(crl.get(), asn1_time(now).get()), "X509_CRL_set1_lastUpdate");
    check(X509_CRL_set1_nextUpdate(crl.get(), asn1_time(now + next_update_seconds).get()), "X509_CRL_set1_nextUpdate");
    for (const auto& [serial, at] : entries)
        add_revoked(crl.get(), serial, at);

    IntegerPtr number(ASN1_INTEGER_new());
    if (!number) fail("ASN1_INTEGER_new");
    check(ASN1_INTEGER_set_uint64(number.get(), crl_number), "ASN1_INTEGER_set_uint64");
    check(X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, X509V3_ADD_DEFAULT), "cRLNumber");
    auto akid = make_extension(ca, nullptr, crl.get(), NID_authority_key_identifier, "keyid:always");
    check(X509_CRL_add_ext(crl.get(), akid.get(), -1), "X509_CRL_add_ext");
    check(X509_CRL_sort(crl.get()), "X509_CRL_sort");
    check(X509_CRL_sign(crl.get(), state_->key.get(), EVP_sha256()), "X509_CRL_sign");

    auto bio = memory_bio();
    check(PEM_write_bio_X509_CRL(bio.get(), crl.get()), "PEM_write_bio_X509_CRL");
    return bio_text(bio.get());
}

} // namespace esc::crypto
