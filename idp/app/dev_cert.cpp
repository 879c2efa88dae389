#include "app/dev_cert.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace esc::app {

namespace {
template <class T, void (*F)(T*)> struct Deleter {
    void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

bool add_ext(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// The key file is created 0600 by open(2) itself: a chmod after writing would leave it readable
// by everyone for a moment.
bool write_pem(const std::filesystem::path& path, bool is_key, EVP_PKEY* key, X509* cert) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, is_key ? 0600 : 0644);
    if (fd < 0) return false;
    if (is_key && ::fchmod(fd, 0600) != 0) { // an older file of laxer mode keeps its mode on O_TRUNC
        ::close(fd);
        return false;
    }
    FILE* f = ::fdopen(fd, "w");
    if (!f) {
        ::close(fd);
        return false;
    }
    bool ok = is_key ? PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1
                     : PEM_write_X509(f, cert) == 1;
    return std::fclose(f) == 0 && ok;
}
} // namespace

bool write_dev_certificate(const std::string& dir, std::string& error) {
    namespace fs = std::filesystem;
    fs::path crt = fs::path(dir) / "server.crt", key_path = fs::path(dir) / "server.key";
    if (fs::exists(crt) && fs::exists(key_path)) return true;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        error = "cannot create " + dir + ": " + ec.message();
        return false;
    }
    PkeyPtr key(EVP_EC_gen("P-256"));
    X509Ptr cert(X509_new());
    if (!key || !cert) {
        error = "OpenSSL could not generate a key";
        return false;
    }
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 365);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Esculape (développement)"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    // A leaf, not a CA: whoever trusts this self-signed certificate in a browser must not thereby
    // trust certificates it could issue for other names.
    bool ok = add_ext(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1") &&
              add_ext(cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
              add_ext(cert.get(), NID_key_usage, "critical,digitalSignature") &&
              add_ext(cert.get(), NID_ext_key_usage, "serverAuth") &&
              X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
    if (!ok || !write_pem(key_path, true, key.get(), nullptr) || !write_pem(crt, false, nullptr, cert.get())) {
        error = "cannot write the certificate to " + dir;
        return false;
    }
    return true;
}

} // namespace esc::app
