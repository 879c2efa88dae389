#include "http/tls.hpp"

#include "http/certificate.hpp"

#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace esc::http {

namespace ssl = boost::asio::ssl;

namespace {
std::string openssl_error() {
    char buf[256];
    unsigned long e = ERR_get_error();
    if (e == 0) return "unknown OpenSSL error";
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

constexpr const char* kTls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// Accept whatever the peer presents; the verdict is read later with SSL_get_verify_result.
int accept_and_record(int, X509_STORE_CTX*) {
    return 1;
}
} // namespace

ssl::context make_server_tls_context(const std::string& cert_file, const std::string& key_file,
                                     const std::string& client_ca_file, const std::string& extra_client_ca_pem) {
    ssl::context ctx(ssl::context::tls_server);
    SSL_CTX* native = ctx.native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::single_dh_use);
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // TLS 1.2: ECDHE (forward secrecy) with AEAD ciphers only, no CBC, SHA-1 or static RSA key
    // exchange (RFC 9325 §4.2, ANSSI TLS guide R5-R8). TLS 1.3 suites are all AEAD: OpenSSL's default.
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
        throw std::runtime_error("tls: OpenSSL accepts none of the TLS 1.2 cipher suites: " + openssl_error());
    if (SSL_CTX_use_certificate_chain_file(native, cert_file.c_str()) != 1)
        throw std::runtime_error("tls.cert_file: cannot load " + cert_file + ": " + openssl_error());
    if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("tls.key_file: cannot load " + key_file + ": " + openssl_error());
    if (SSL_CTX_check_private_key(native) != 1) throw std::runtime_error("tls.key_file: does not match tls.cert_file");
    // Without a session id context every resumed session fails once client certs are requested.
    static const unsigned char kSidCtx[] = "esculape";
    SSL_CTX_set_session_id_context(native, kSidCtx, sizeof kSidCtx - 1);
    if (!client_ca_file.empty()) {
        if (SSL_CTX_load_verify_locations(native, client_ca_file.c_str(), nullptr) != 1)
            throw std::runtime_error("tls.client_ca_file: cannot load " + client_ca_file + ": " + openssl_error());
        STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(client_ca_file.c_str());
        if (names) SSL_CTX_set_client_CA_list(native, names);
        SSL_CTX_set_verify(native, SSL_VERIFY_PEER, accept_and_record);
    }
    if (!extra_client_ca_pem.empty()) {
        // The idp's own CA (workstation certificates): trusted for client certificates and named in
        // the CertificateRequest, so that browsers offer the certificates it issued.
        BIO* bio = BIO_new_mem_buf(extra_client_ca_pem.data(), static_cast<int>(extra_client_ca_pem.size()));
        X509* ca = bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
        if (bio) BIO_free(bio);
        if (!ca) throw std::runtime_error("tls: the workstation CA certificate does not parse");
        const bool added =
            X509_STORE_add_cert(SSL_CTX_get_cert_store(native), ca) == 1 && SSL_CTX_add_client_CA(native, ca) == 1;
        X509_free(ca);
        if (!added) throw std::runtime_error("tls: cannot trust the workstation CA: " + openssl_error());
        SSL_CTX_set_verify(native, SSL_VERIFY_PEER, accept_and_record);
    }
    return ctx;
}

namespace {
std::string name_text(const X509_NAME* name) {
    std::string out;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
        char* data = nullptr;
        long len = BIO_get_mem_data(bio, &data);
        out.assign(data, static_cast<std::size_t>(len));
        BIO_free(bio);
    }
    return out;
}

// Subject, issuer and serial of the leaf, as the login handlers look them up.
void describe(X509* cert, ClientCertificate& out) {
    out.subject = name_text(X509_get_subject_name(cert));
    out.issuer = name_text(X509_get_issuer_name(cert));
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr)) {
        if (char* hex = BN_bn2hex(bn)) {
            out.serial = hex;
            OPENSSL_free(hex);
        }
        BN_free(bn);
    }
}
} // namespace

std::optional<ClientCertificate> certificate_from_pem(std::string_view pem, bool verified_by_proxy,
                                                      std::string verify_error) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (!bio) return std::nullopt;
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!cert) return std::nullopt;
    ClientCertificate out;
    out.pem = std::string(pem);
    describe(cert, out);
    out.verified = verified_by_proxy;
    out.verify_error = std::move(verify_error);
    X509_free(cert);
    return out;
}

std::optional<ClientCertificate> peer_certificate(SSL* ssl) {
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (!cert) return std::nullopt;
    ClientCertificate out;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        PEM_write_bio_X509(bio, cert);
        char* data = nullptr;
        long len = BIO_get_mem_data(bio, &data);
        out.pem.assign(data, static_cast<std::size_t>(len));
        BIO_free(bio);
    }
    describe(cert, out);
    long verdict = SSL_get_verify_result(ssl);
    out.verified = verdict == X509_V_OK;
    if (!out.verified) out.verify_error = X509_verify_cert_error_string(verdict);
    X509_free(cert);
    return out;
}

} // namespace esc::http
