#pragma once
// The device's P-256 key pair: generated at enrolment, kept as PKCS#8 PEM in the state file,
// its public half sent once as a JWK (RFC 7518 §6.2), then used for every ES256 signature.
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

namespace esc::authenticator {

class DeviceKey {
public:
    // Both throw a local_error Failure: OpenSSL failing, or a state file holding no usable key.
    static DeviceKey generate();
    static DeviceKey from_pem(std::string_view pkcs8_pem);

    std::string pkcs8_pem() const;
    // {"kty":"EC","crv":"P-256","x":…,"y":…}, coordinates padded to 32 bytes (RFC 7518 §6.2.1.2).
    nlohmann::json public_jwk() const;
    // ES256 over `signing_input`: R||S, 32 bytes each (RFC 7518 §3.4), not OpenSSL's DER.
    std::string sign_es256(std::string_view signing_input) const;

private:
    struct Free {
        void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    };
    explicit DeviceKey(EVP_PKEY* pkey) : pkey_(pkey) {}
    std::unique_ptr<EVP_PKEY, Free> pkey_;
};

} // namespace esc::authenticator
