#pragma once
// A software passkey authenticator for in-process tests: a P-256 key per credential, `none`
// attestation, user presence and verification flags, a signature counter. It answers the options a
// page hands to web/passkey_script.hpp (the form's data-passkey) as a browser would, with the
// base64url fields that script posts.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace esc::test {

struct PasskeyAnswer {
    std::string credential_id;      // base64url
    std::string client_data;        // base64url of clientDataJSON
    std::string attestation;        // registration: base64url of the attestationObject
    std::string authenticator_data; // login: base64url
    std::string signature;          // login: base64url (DER ECDSA)
};

class SoftAuthenticator {
public:
    SoftAuthenticator();
    ~SoftAuthenticator();
    // navigator.credentials.create for `options` (mode "create") at `origin`.
    PasskeyAnswer create(const nlohmann::json& options, const std::string& origin);
    // navigator.credentials.get: the first credential of this authenticator for the options' rpId
    // (or the one named by `credential_id`).
    PasskeyAnswer get(const nlohmann::json& options, const std::string& origin, const std::string& credential_id = "");
    bool user_verified = true; // false: the UV flag is not set (a key without PIN or biometrics)
    std::uint32_t counter = 0; // the next signature counter is counter + 1

private:
    struct Credential;
    std::map<std::string, std::unique_ptr<Credential>> credentials_; // by base64url id
};

} // namespace esc::test
