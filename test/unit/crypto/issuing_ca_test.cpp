// The workstation-certificate CA: what it issues must pass OpenSSL's own path validation for a TLS
// client, open as a PKCS#12 with its password only, and be revocable through the CRL loader the
// login uses (crypto/revocation.hpp).
#include <catch2/catch.hpp>

#include <limits>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/issuing_ca.hpp"
#include "crypto/revocation.hpp"

using namespace esc::crypto;

namespace {

template <auto Free> struct Deleter {
    template <class T> void operator()(T* p) const { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Pbe2Ptr = std::unique_ptr<PBE2PARAM, Deleter<PBE2PARAM_free>>;
using Pbkdf2Ptr = std::unique_ptr<PBKDF2PARAM, Deleter<PBKDF2PARAM_free>>;

constexpr esc::domain::UnixTime kNow = 1'700'000'000;
constexpr std::int64_t kCaLife = 10 * 365 * 86400;
constexpr std::int64_t kLife = 365 * 86400;

const CaMaterial& material() {
    static const CaMaterial m = make_issuing_ca("Esculape AC postes de travail", "Esculape", kNow, kCaLife);
    return m;
}

const IssuingCa& ca() {
    static const IssuingCa c(material());
    return c;
}

const IssuingCa::Subject kSubject{"poste-accueil-01", "Cabinet Dupont", "Maison de sante"};

X509Ptr cert_from(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(cert);
    return cert;
}

CrlPtr crl_from(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(crl);
    return crl;
}

Pkcs12Ptr pkcs12_from(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    REQUIRE(p12);
    return p12;
}

std::string name_text(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string hex_of(const ASN1_INTEGER* serial) {
    BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    char* hex = BN_bn2hex(bn.get());
    std::string out = hex;
    OPENSSL_free(hex);
    return out;
}

bool critical(X509* cert, int nid) {
    int idx = X509_get_ext_by_NID(cert, nid, -1);
    return idx >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, idx)) == 1;
}

// X509_V_OK or the error of a TLS-client path validation at `at`, optionally against a CRL.
int verify_client(X509* leaf, X509* ca_cert, time_t at, X509_CRL* crl = nullptr) {
    StorePtr store(X509_STORE_new());
    REQUIRE(X509_STORE_add_cert(store.get(), ca_cert) == 1);
    if (crl) {
        REQUIRE(X509_STORE_add_crl(store.get(), crl) == 1);
        X509_STORE_set_flags(store.get(), X509_V_FLAG_CRL_CHECK);
    }
    StoreCtxPtr ctx(X509_STORE_CTX_new());
    REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr) == 1);
    REQUIRE(X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT) == 1);
    X509_STORE_CTX_set_time(ctx.get(), 0, at);
    int result = X509_verify_cert(ctx.get()) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return result;
}

struct Pbes2 {
    int cipher = NID_undef;
    int prf = NID_undef;
};

// The cipher and PBKDF2 PRF of a PBES2 AlgorithmIdentifier (RFC 8018 §A.4); NID_undef otherwise.
Pbes2 pbes2_of(const X509_ALGOR* alg) {
    Pbes2 out;
    if (OBJ_obj2nid(alg->algorithm) != NID_pbes2) return out;
    Pbe2Ptr pbe2(static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter)));
    REQUIRE(pbe2);
    out.cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
    REQUIRE(OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2);
    Pbkdf2Ptr kdf(
        static_cast<PBKDF2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
    REQUIRE(kdf);
    out.prf = kdf->prf ? OBJ_obj2nid(kdf->prf->algorithm) : NID_hmacWithSHA1; // RFC 8018 default
    return out;
}

} // namespace

TEST_CASE("a new issuing CA is self-signed and may sign only certificates and CRLs", "[unit][issuing_ca]") {
    auto cert = cert_from(material().certificate_pem);
    EVP_PKEY* pub = X509_get0_pubkey(cert.get());
    CHECK(X509_verify(cert.get(), pub) == 1);
    CHECK(X509_check_issued(cert.get(), cert.get()) == X509_V_OK);
    CHECK(X509_get_version(cert.get()) == X509_VERSION_3);
    CHECK(EVP_PKEY_is_a(pub, "EC"));
    CHECK(name_text(X509_get_subject_name(cert.get())) == "CN=Esculape AC postes de travail,O=Esculape,C=FR");
    CHECK(ca().subject_text() == "CN=Esculape AC postes de travail,O=Esculape,C=FR");

    CHECK((X509_get_extension_flags(cert.get()) & EXFLAG_CA) != 0);
    CHECK(X509_get_pathlen(cert.get()) == 0);
    CHECK(critical(cert.get(), NID_basic_constraints));
    CHECK(X509_get_key_usage(cert.get()) == (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    CHECK(critical(cert.get(), NID_key_usage));
    CHECK(X509_get0_subject_key_id(cert.get()) != nullptr);
    CHECK(ASN1_TIME_cmp_time_t(X509_get0_notBefore(cert.get()), kNow - 60) == 0);
    CHECK(ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert.get()), kNow + kCaLife) == 0);

    BnPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
    CHECK(!BN_is_negative(serial.get()));
    CHECK(!BN_is_zero(serial.get()));
    CHECK(BN_num_bits(serial.get()) <= 127);

    BioPtr bio(BIO_new_mem_buf(material().key_pem.data(), static_cast<int>(material().key_pem.size())));
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(key);
    CHECK(X509_check_private_key(cert.get(), key.get()) == 1);
    CHECK(cert_from(ca().certificate_pem()) != nullptr);
}

TEST_CASE("IssuingCa refuses unreadable material, a foreign key and a non-CA certificate", "[unit][issuing_ca]") {
    auto other = make_issuing_ca("Autre AC", "Autre", kNow, kCaLife);
    CHECK_THROWS_WITH(IssuingCa({other.key_pem, material().certificate_pem}), Catch::Contains("does not match"));
    CHECK_THROWS_WITH(IssuingCa({"not a key", material().certificate_pem}), Catch::Contains("private key unreadable"));
    CHECK_THROWS_WITH(IssuingCa({material().key_pem, "not a cert"}), Catch::Contains("certificate unreadable"));

    // A certificate the CA issued is signed by a matching key of its own, but is no CA.
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    X509Ptr leaf(X509_new());
    X509_set_version(leaf.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(leaf.get()), 7);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(leaf.get()), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("leaf"), -1, -1, 0);
    X509_set_issuer_name(leaf.get(), X509_get_subject_name(leaf.get()));
    X509_gmtime_adj(X509_getm_notBefore(leaf.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(leaf.get()), 3600);
    X509_set_pubkey(leaf.get(), key.get());
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, nullptr, NID_basic_constraints, "critical,CA:FALSE");
    X509_add_ext(leaf.get(), ext, -1);
    X509_EXTENSION_free(ext);
    REQUIRE(X509_sign(leaf.get(), key.get(), EVP_sha256()) > 0);
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(cert_bio.get(), leaf.get());
    char* data = nullptr;
    long len = BIO_get_mem_data(key_bio.get(), &data);
    std::string key_pem(data, static_cast<std::size_t>(len));
    len = BIO_get_mem_data(cert_bio.get(), &data);
    std::string cert_pem(data, static_cast<std::size_t>(len));
    CHECK_THROWS_WITH(IssuingCa({key_pem, cert_pem}), Catch::Contains("is not a CA"));
}

TEST_CASE("an issued PKCS#12 opens with its password only and holds key, certificate and CA", "[unit][issuing_ca]") {
    auto issued = ca().issue(kSubject, "correct horse", "Poste d'accueil – Esculape", kNow, kLife);
    auto p12 = pkcs12_from(issued.pkcs12);
    CHECK(PKCS12_verify_mac(p12.get(), "correct horse", -1) == 1);
    CHECK(PKCS12_verify_mac(p12.get(), "wrong horse", -1) == 0);

    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    CHECK(PKCS12_parse(p12.get(), "wrong horse", &key, &cert, &chain) == 0);
    CHECK(key == nullptr);
    ERR_clear_error();
    REQUIRE(PKCS12_parse(p12.get(), "correct horse", &key, &cert, &chain) == 1);
    PkeyPtr key_owner(key);
    X509Ptr cert_owner(cert);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> chain_owner(
        chain, [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); });
    REQUIRE(key);
    REQUIRE(cert);
    CHECK(X509_check_private_key(cert, key) == 1);
    CHECK(X509_cmp(cert, cert_from(issued.certificate_pem).get()) == 0);
    REQUIRE(sk_X509_num(chain) == 1);
    CHECK(X509_cmp(sk_X509_value(chain, 0), cert_from(ca().certificate_pem()).get()) == 0);
    int alias_len = 0;
    const unsigned char* alias = X509_alias_get0(cert, &alias_len);
    REQUIRE(alias);
    CHECK(std::string(reinterpret_cast<const char*>(alias), static_cast<std::size_t>(alias_len)) ==
          "Poste d'accueil – Esculape"); // UTF-8 round trip, not Latin-1
}

TEST_CASE("an issued certificate is a valid TLS client certificate of the CA", "[unit][issuing_ca]") {
    auto issued = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto cert = cert_from(issued.certificate_pem);
    auto ca_cert = cert_from(ca().certificate_pem());

    CHECK(verify_client(cert.get(), ca_cert.get(), kNow) == X509_V_OK);
    CHECK(verify_client(cert.get(), ca_cert.get(), kNow + kLife + 1) == X509_V_ERR_CERT_HAS_EXPIRED);
    CHECK(verify_client(cert.get(), ca_cert.get(), kNow - 61) == X509_V_ERR_CERT_NOT_YET_VALID);
    auto stranger = make_issuing_ca("Esculape AC postes de travail", "Esculape", kNow, kCaLife);
    CHECK(verify_client(cert.get(), cert_from(stranger.certificate_pem).get(), kNow) != X509_V_OK);

    CHECK(X509_get_extended_key_usage(cert.get()) == XKU_SSL_CLIENT);
    CHECK(X509_get_key_usage(cert.get()) == KU_DIGITAL_SIGNATURE);
    CHECK(critical(cert.get(), NID_key_usage));
    CHECK((X509_get_extension_flags(cert.get()) & EXFLAG_CA) == 0);
    CHECK(X509_get_extension_flags(cert.get()) & EXFLAG_BCONS);
    CHECK(X509_get0_subject_key_id(cert.get()) != nullptr);
    REQUIRE(X509_get0_authority_key_id(cert.get()) != nullptr);
    CHECK(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(cert.get()), X509_get0_subject_key_id(ca_cert.get())) == 0);
    CHECK(name_text(X509_get_subject_name(cert.get())) == "CN=poste-accueil-01,OU=Cabinet Dupont,O=Maison de sante");
    CHECK(name_text(X509_get_issuer_name(cert.get())) == ca().subject_text());
    CHECK(EVP_PKEY_is_a(X509_get0_pubkey(cert.get()), "EC"));

    CHECK(issued.not_before == kNow - 60);
    CHECK(issued.not_after == kNow + kLife);
    CHECK(ASN1_TIME_cmp_time_t(X509_get0_notBefore(cert.get()), kNow - 60) == 0);
    CHECK(ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert.get()), kNow + kLife) == 0);
    CHECK(issued.serial_hex == hex_of(X509_get0_serialNumber(cert.get())));
    CHECK(issued.serial_hex.find_first_not_of("0123456789ABCDEF") == std::string::npos);

    auto bare = ca().issue({"poste-02", "", ""}, "pw", "", kNow, kLife);
    CHECK(name_text(X509_get_subject_name(cert_from(bare.certificate_pem).get())) == "CN=poste-02");
}

TEST_CASE("each issue has its own serial and key", "[unit][issuing_ca]") {
    auto a = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto b = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    CHECK(a.serial_hex != b.serial_hex);
    CHECK(EVP_PKEY_eq(X509_get0_pubkey(cert_from(a.certificate_pem).get()),
                      X509_get0_pubkey(cert_from(b.certificate_pem).get())) != 1);
    CHECK(a.pkcs12 != b.pkcs12);
}

TEST_CASE("a PKCS#12 is encrypted with PBES2 AES-256-CBC and MACed with SHA-256", "[unit][issuing_ca]") {
    auto issued = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto p12 = pkcs12_from(issued.pkcs12);

    const ASN1_OCTET_STRING* mac = nullptr;
    const X509_ALGOR* mac_alg = nullptr;
    const ASN1_OCTET_STRING* salt = nullptr;
    const ASN1_INTEGER* iterations = nullptr;
    PKCS12_get0_mac(&mac, &mac_alg, &salt, &iterations, p12.get());
    REQUIRE(mac_alg);
    CHECK(OBJ_obj2nid(mac_alg->algorithm) == NID_sha256);
    CHECK(ASN1_INTEGER_get(iterations) >= 2048);

    std::unique_ptr<STACK_OF(PKCS7), void (*)(STACK_OF(PKCS7)*)> safes(
        PKCS12_unpack_authsafes(p12.get()), [](STACK_OF(PKCS7) * s) { sk_PKCS7_pop_free(s, PKCS7_free); });
    REQUIRE(safes);
    int key_bags = 0, encrypted_safes = 0;
    for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
        PKCS7* p7 = sk_PKCS7_value(safes.get(), i);
        if (OBJ_obj2nid(p7->type) == NID_pkcs7_encrypted) {
            ++encrypted_safes; // the certificates
            auto pbes2 = pbes2_of(p7->d.encrypted->enc_data->algorithm);
            CHECK(pbes2.cipher == NID_aes_256_cbc);
            CHECK(pbes2.prf == NID_hmacWithSHA256);
            continue;
        }
        REQUIRE(OBJ_obj2nid(p7->type) == NID_pkcs7_data);
        std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), void (*)(STACK_OF(PKCS12_SAFEBAG)*)> bags(
            PKCS12_unpack_p7data(p7),
            [](STACK_OF(PKCS12_SAFEBAG) * s) { sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free); });
        REQUIRE(bags);
        for (int j = 0; j < sk_PKCS12_SAFEBAG_num(bags.get()); ++j) {
            const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags.get(), j);
            REQUIRE(PKCS12_SAFEBAG_get_nid(bag) == NID_pkcs8ShroudedKeyBag); // never a plain keyBag
            ++key_bags;
            const X509_ALGOR* alg = nullptr;
            X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, nullptr);
            auto pbes2 = pbes2_of(alg);
            CHECK(pbes2.cipher == NID_aes_256_cbc);
            CHECK(pbes2.prf == NID_hmacWithSHA256);
        }
    }
    CHECK(key_bags == 1);
    CHECK(encrypted_safes == 1);
}

TEST_CASE("issue refuses what would make a bad certificate or file", "[unit][issuing_ca]") {
    CHECK_THROWS_AS(ca().issue(kSubject, "", "poste", kNow, kLife), std::invalid_argument);
    CHECK_THROWS_AS(ca().issue(kSubject, std::string("p\0w", 3), "poste", kNow, kLife), std::invalid_argument);
    CHECK_THROWS_AS(ca().issue({"", "", ""}, "pw", "poste", kNow, kLife), std::invalid_argument);
    CHECK_THROWS_AS(ca().issue({std::string(65, 'x'), "", ""}, "pw", "poste", kNow, kLife), std::invalid_argument);
    CHECK_THROWS_AS(ca().issue(kSubject, "pw", "poste", kNow, 0), std::invalid_argument);
    CHECK_THROWS_WITH(ca().issue(kSubject, "pw", "poste", kNow + kCaLife - 10, kLife),
                      Catch::Contains("within the CA"));
    CHECK_THROWS_WITH(ca().issue(kSubject, "pw", "poste", kNow - 3600, kLife), Catch::Contains("within the CA"));
}

TEST_CASE("a CRL lists the revoked serials, signed by the CA", "[unit][issuing_ca]") {
    auto a = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto b = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto good = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    const auto at = kNow + 3600;
    auto pem = ca().make_crl({{a.serial_hex, at}, {b.serial_hex, at + 5}}, at + 60, 7 * 86400, 42);
    auto crl = crl_from(pem);
    auto ca_cert = cert_from(ca().certificate_pem());

    CHECK(X509_CRL_verify(crl.get(), X509_get0_pubkey(ca_cert.get())) == 1);
    CHECK(X509_CRL_get_version(crl.get()) == X509_CRL_VERSION_2);
    CHECK(name_text(X509_CRL_get_issuer(crl.get())) == ca().subject_text());
    CHECK(ASN1_TIME_cmp_time_t(X509_CRL_get0_lastUpdate(crl.get()), at + 60) == 0);
    CHECK(ASN1_TIME_cmp_time_t(X509_CRL_get0_nextUpdate(crl.get()), at + 60 + 7 * 86400) == 0);
    std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>> number(
        static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr)));
    REQUIRE(number);
    CHECK(ASN1_INTEGER_get(number.get()) == 42);
    std::unique_ptr<AUTHORITY_KEYID, Deleter<AUTHORITY_KEYID_free>> akid(
        static_cast<AUTHORITY_KEYID*>(X509_CRL_get_ext_d2i(crl.get(), NID_authority_key_identifier, nullptr, nullptr)));
    REQUIRE(akid);
    CHECK(ASN1_OCTET_STRING_cmp(akid->keyid, X509_get0_subject_key_id(ca_cert.get())) == 0);

    STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(crl.get());
    std::set<std::string> serials;
    for (int i = 0; i < sk_X509_REVOKED_num(entries); ++i) {
        const X509_REVOKED* entry = sk_X509_REVOKED_value(entries, i);
        serials.insert(hex_of(X509_REVOKED_get0_serialNumber(entry)));
        const auto expected = hex_of(X509_REVOKED_get0_serialNumber(entry)) == a.serial_hex ? at : at + 5;
        CHECK(ASN1_TIME_cmp_time_t(X509_REVOKED_get0_revocationDate(entry), expected) == 0);
    }
    CHECK(serials == std::set<std::string>{a.serial_hex, b.serial_hex});

    // OpenSSL's own CRL check finds the CRL by issuer and key identifier.
    CHECK(verify_client(cert_from(a.certificate_pem).get(), ca_cert.get(), at + 120, crl.get()) ==
          X509_V_ERR_CERT_REVOKED);
    CHECK(verify_client(cert_from(good.certificate_pem).get(), ca_cert.get(), at + 120, crl.get()) == X509_V_OK);
}

TEST_CASE("a CRL with no entries is valid, serials are normalised and checked", "[unit][issuing_ca]") {
    auto ca_cert = cert_from(ca().certificate_pem());
    auto empty = crl_from(ca().make_crl({}, kNow, 86400, 1));
    CHECK(X509_CRL_verify(empty.get(), X509_get0_pubkey(ca_cert.get())) == 1);
    CHECK(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(empty.get())) <= 0);

    // Lower case and leading zeros name the same certificate; a repeat keeps the earliest date.
    auto dup = crl_from(ca().make_crl({{"00ab12", kNow + 9}, {"AB12", kNow + 3}}, kNow + 10, 86400,
                                      std::numeric_limits<std::uint64_t>::max()));
    STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(dup.get());
    REQUIRE(sk_X509_REVOKED_num(entries) == 1);
    CHECK(hex_of(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(entries, 0))) == "AB12");
    CHECK(ASN1_TIME_cmp_time_t(X509_REVOKED_get0_revocationDate(sk_X509_REVOKED_value(entries, 0)), kNow + 3) == 0);
    std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>> number(
        static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(dup.get(), NID_crl_number, nullptr, nullptr)));
    std::uint64_t n = 0;
    REQUIRE(ASN1_INTEGER_get_uint64(&n, number.get()) == 1);
    CHECK(n == std::numeric_limits<std::uint64_t>::max());

    for (const char* bad : {"", "0", "-AB", "12G4", "0x12"})
        CHECK_THROWS_AS(ca().make_crl({{bad, kNow}}, kNow, 86400, 2), std::invalid_argument);
    CHECK_THROWS_AS(ca().make_crl({}, kNow, 0, 2), std::invalid_argument);
}

TEST_CASE("the login's CRL loader revokes what make_crl lists", "[unit][issuing_ca][crl]") {
    auto revoked = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto good = ca().issue(kSubject, "pw", "poste", kNow, kLife);
    auto pem = ca().make_crl({{revoked.serial_hex, kNow + 100}}, kNow + 200, 86400, 3);

    auto loaded = crl_from_bytes(pem, "workstations.crl", ca().certificate_pem());
    CHECK(loaded.revoked_serials == std::set<std::string>{revoked.serial_hex});
    CHECK(loaded.this_update == kNow + 200);
    CHECK(loaded.next_update == kNow + 200 + 86400);
    CrlSet set({loaded});
    CHECK(set.check(revoked.certificate_pem, kNow + 300, true) == RevocationStatus::revoked);
    CHECK(set.check(good.certificate_pem, kNow + 300, true) == RevocationStatus::good);
    CHECK(set.check(good.certificate_pem, kNow + 200 + 86400 + 1, true) == RevocationStatus::stale_crl);

    auto stranger = make_issuing_ca("Esculape AC postes de travail", "Esculape", kNow, kCaLife);
    CHECK_THROWS_WITH(crl_from_bytes(pem, "workstations.crl", stranger.certificate_pem),
                      Catch::Contains("not signed by a configured CA"));
}

TEST_CASE("one IssuingCa issues and signs CRLs from several threads", "[unit][issuing_ca]") {
    constexpr int kThreads = 4, kEach = 5;
    std::vector<std::vector<std::string>> serials(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t, &serials] {
            for (int i = 0; i < kEach; ++i) {
                auto issued = ca().issue(kSubject, "pw", "poste", kNow, kLife);
                ca().make_crl({{issued.serial_hex, kNow}}, kNow, 86400, static_cast<std::uint64_t>(i));
                serials[static_cast<std::size_t>(t)].push_back(issued.serial_hex);
            }
        });
    for (auto& thread : threads)
        thread.join();
    std::set<std::string> all;
    for (const auto& list : serials)
        all.insert(list.begin(), list.end());
    CHECK(all.size() == kThreads * kEach);
}
