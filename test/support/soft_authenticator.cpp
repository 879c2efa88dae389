#include "support/soft_authenticator.hpp"

#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "crypto/encoding.hpp"

namespace esc::test {

namespace {

// Minimal CBOR encoding, enough for a COSE key and an attestationObject (RFC 8949 §3).
std::string head(unsigned major, std::uint64_t n) {
    std::string out;
    auto put = [&](std::uint64_t v, int bytes) {
        for (int i = bytes - 1; i >= 0; --i)
            out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    };
    if (n < 24) {
        out.push_back(static_cast<char>((major << 5) | n));
    } else if (n < 256) {
        out.push_back(static_cast<char>((major << 5) | 24));
        put(n, 1);
    } else if (n < 65536) {
        out.push_back(static_cast<char>((major << 5) | 25));
        put(n, 2);
    } else {
        out.push_back(static_cast<char>((major << 5) | 26));
        put(n, 4);
    }
    return out;
}
std::string cbor_int(std::int64_t n) {
    return n >= 0 ? head(0, n) : head(1, static_cast<std::uint64_t>(-1 - n));
}
std::string cbor_bytes(const std::string& s) {
    return head(2, s.size()) + s;
}
std::string cbor_text(const std::string& s) {
    return head(3, s.size()) + s;
}

std::string big_endian(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string client_data(const char* type, const nlohmann::json& options, const std::string& origin) {
    return nlohmann::json{{"type", type},
                          {"challenge", options.at("challenge").get<std::string>()},
                          {"origin", origin},
                          {"crossOrigin", false}}
        .dump();
}

} // namespace

struct SoftAuthenticator::Credential {
    EVP_PKEY* key = nullptr;
    std::string rp_id;
    std::string raw_id;
    ~Credential() { EVP_PKEY_free(key); }
};

SoftAuthenticator::SoftAuthenticator() = default;
SoftAuthenticator::~SoftAuthenticator() = default;

PasskeyAnswer SoftAuthenticator::create(const nlohmann::json& options, const std::string& origin) {
    auto credential = std::make_unique<Credential>();
    credential->key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!credential->key) throw std::runtime_error("P-256 key generation failed");
    credential->rp_id = options.at("rpId").get<std::string>();
    credential->raw_id = crypto::random_bytes(32);
    unsigned char point[65];
    std::size_t length = 0;
    EVP_PKEY_get_octet_string_param(credential->key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &length);
    std::string x(reinterpret_cast<char*>(point) + 1, 32), y(reinterpret_cast<char*>(point) + 33, 32);
    // COSE_Key (RFC 9053 §7.1.1): kty 2 (EC2), alg -7 (ES256), crv 1 (P-256), x, y.
    std::string cose = head(5, 5) + cbor_int(1) + cbor_int(2) + cbor_int(3) + cbor_int(-7) + cbor_int(-1) +
                       cbor_int(1) + cbor_int(-2) + cbor_bytes(x) + cbor_int(-3) + cbor_bytes(y);
    const unsigned char flags = 0x01 | (user_verified ? 0x04 : 0) | 0x40; // UP, UV, AT
    std::string auth_data = crypto::sha256(credential->rp_id) + std::string(1, static_cast<char>(flags)) +
                            big_endian(++counter) + std::string(16, '\0') +
                            std::string{static_cast<char>(credential->raw_id.size() >> 8),
                                        static_cast<char>(credential->raw_id.size() & 0xff)} +
                            credential->raw_id + cose;
    std::string attestation = head(5, 3) + cbor_text("fmt") + cbor_text("none") + cbor_text("attStmt") + head(5, 0) +
                              cbor_text("authData") + cbor_bytes(auth_data);
    PasskeyAnswer a;
    a.credential_id = crypto::base64url_encode(credential->raw_id);
    a.client_data = crypto::base64url_encode(client_data("webauthn.create", options, origin));
    a.attestation = crypto::base64url_encode(attestation);
    credentials_[a.credential_id] = std::move(credential);
    return a;
}

PasskeyAnswer SoftAuthenticator::get(const nlohmann::json& options, const std::string& origin,
                                     const std::string& credential_id) {
    Credential* credential = nullptr;
    for (auto& [id, c] : credentials_)
        if ((credential_id.empty() || id == credential_id) && c->rp_id == options.at("rpId").get<std::string>()) {
            credential = c.get();
            break;
        }
    if (!credential) throw std::runtime_error("no passkey for this relying party");
    const unsigned char flags = 0x01 | (user_verified ? 0x04 : 0);
    std::string auth_data =
        crypto::sha256(credential->rp_id) + std::string(1, static_cast<char>(flags)) + big_endian(++counter);
    std::string cdj = client_data("webauthn.get", options, origin);
    std::string signed_data = auth_data + crypto::sha256(cdj);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t size = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, credential->key);
    EVP_DigestSign(ctx, nullptr, &size, reinterpret_cast<const unsigned char*>(signed_data.data()), signed_data.size());
    std::string signature(size, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
                   reinterpret_cast<const unsigned char*>(signed_data.data()), signed_data.size());
    EVP_MD_CTX_free(ctx);
    signature.resize(size);
    PasskeyAnswer a;
    a.credential_id = crypto::base64url_encode(credential->raw_id);
    a.client_data = crypto::base64url_encode(cdj);
    a.authenticator_data = crypto::base64url_encode(auth_data);
    a.signature = crypto::base64url_encode(signature);
    return a;
}

} // namespace esc::test
