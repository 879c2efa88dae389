#include "crypto/revocation.hpp"

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/ossl.hpp"

namespace esc::crypto {

namespace {

using detail::BioPtr;
using detail::CrlPtr;
using detail::Deleter;
using detail::X509Ptr;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot be read");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string name_der(const X509_NAME* name) {
    unsigned char* der = nullptr;
    int len = i2d_X509_NAME(name, &der);
    if (len <= 0) return {};
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

std::string name_text(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio) return {};
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string serial_hex(const ASN1_INTEGER* serial) {
    std::unique_ptr<BIGNUM, Deleter<BN_free>> bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn) return {};
    char* hex = BN_bn2hex(bn.get());
    std::string out = hex ? hex : "";
    OPENSSL_free(hex);
    return out;
}

domain::UnixTime unix_time(const ASN1_TIME* t) {
    if (!t) return 0;
    struct tm tm {};
    if (ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return static_cast<domain::UnixTime>(timegm(&tm));
}

CrlPtr parse_crl(const std::string& bytes) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    if (crl) return crl;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    return CrlPtr(d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size())));
}

// The CA certificates of a PEM bundle.
std::vector<X509Ptr> read_bundle(const std::string& pem) {
    std::vector<X509Ptr> out;
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        out.emplace_back(cert);
    return out;
}

} // namespace

LoadedCrl load_crl(const std::string& file, const std::string& ca_pem) {
    return crl_from_bytes(read_file(file), file, ca_pem);
}

LoadedCrl crl_from_bytes(const std::string& bytes, const std::string& file, const std::string& ca_pem) {
    auto crl = parse_crl(bytes);
    if (!crl) throw std::runtime_error(file + ": not a CRL (PEM or DER)");
    const X509_NAME* issuer = X509_CRL_get_issuer(crl.get());
    bool signed_by_ca = false;
    for (const auto& ca : read_bundle(ca_pem)) {
        if (X509_NAME_cmp(X509_get_subject_name(ca.get()), issuer) != 0) continue;
        EVP_PKEY* key = X509_get0_pubkey(ca.get());
        if (key && X509_CRL_verify(crl.get(), key) == 1) signed_by_ca = true;
    }
    if (!signed_by_ca)
        throw std::runtime_error(file + ": not signed by a configured CA (issuer " + name_text(issuer) + ")");
    LoadedCrl out;
    out.file = file;
    out.issuer_der = name_der(issuer);
    out.issuer_text = name_text(issuer);
    out.this_update = unix_time(X509_CRL_get0_lastUpdate(crl.get()));
    out.next_update = unix_time(X509_CRL_get0_nextUpdate(crl.get()));
    STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
    for (int i = 0; revoked && i < sk_X509_REVOKED_num(revoked); ++i)
        out.revoked_serials.insert(serial_hex(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(revoked, i))));
    return out;
}

CrlSet::CrlSet(std::vector<LoadedCrl> crls) {
    // Two files from one issuer: the most recent wins (an operator dropping the new CRL beside
    // the old one must not be overruled by it).
    for (auto& crl : crls) {
        auto it = by_issuer_.find(crl.issuer_der);
        if (it == by_issuer_.end() || it->second.this_update < crl.this_update)
            by_issuer_[crl.issuer_der] = std::move(crl);
    }
}

RevocationStatus CrlSet::check(std::string_view certificate_pem, domain::UnixTime now, bool require_crl) const {
    BioPtr bio(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) return RevocationStatus::unreadable;
    auto it = by_issuer_.find(name_der(X509_get_issuer_name(cert.get())));
    if (it == by_issuer_.end()) return require_crl ? RevocationStatus::no_crl : RevocationStatus::good;
    const auto& crl = it->second;
    if (crl.next_update != 0 && now > crl.next_update) return RevocationStatus::stale_crl;
    if (crl.revoked_serials.count(serial_hex(X509_get0_serialNumber(cert.get())))) return RevocationStatus::revoked;
    return RevocationStatus::good;
}

std::vector<const LoadedCrl*> CrlSet::stale(domain::UnixTime now) const {
    std::vector<const LoadedCrl*> out;
    for (const auto& [issuer, crl] : by_issuer_)
        if (crl.next_update != 0 && now > crl.next_update) out.push_back(&crl);
    return out;
}

CrlRefresh refresh_crls(const std::vector<std::string>& files, const std::string& ca_pem, const CrlSet& previous) {
    CrlRefresh out;
    std::vector<LoadedCrl> loaded;
    for (const auto& file : files) {
        try {
            loaded.push_back(load_crl(file, ca_pem));
        } catch (const std::exception& e) {
            out.errors.emplace_back(e.what());
            for (const auto& [issuer, crl] : previous.by_issuer())
                if (crl.file == file) loaded.push_back(crl);
        }
    }
    out.set = std::make_shared<CrlSet>(std::move(loaded));
    return out;
}

} // namespace esc::crypto
