#pragma once
// WebAuthn relying-party checks (W3C WebAuthn Level 2 §7.1 registration, §7.2 assertion) for
// passkeys with ES256 or RS256 keys. Only the "none" attestation format is accepted: we request
// attestation "none" (§5.4.7), so a browser sends that, and we trust no authenticator vendor.
// The caller base64url-decodes the browser's fields, looks credentials up, checks that a new
// credential id is not registered yet (§7.1 step 22) and stores the returned public key and
// counter; these functions hold no state.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace esc::crypto::webauthn {

enum class Error {
    malformed,               // undecodable JSON, CBOR or authenticator data
    wrong_type,              // clientDataJSON.type is not the ceremony's
    challenge_mismatch,      // not the challenge we issued
    origin_mismatch,         // another origin, or a cross-origin iframe
    rp_id_mismatch,          // rpIdHash is not SHA-256 of our RP ID
    user_not_present,        // UP flag clear
    user_not_verified,       // UV flag clear while verification is required
    unsupported_attestation, // fmt other than "none", or a "none" with a statement
    unsupported_key,         // not an ES256 P-256 or RS256 (>= 2048 bits) key
    bad_signature,           // the assertion signature does not verify
    counter_regressed,       // signature counter not above the stored one: a cloned authenticator?
};

// Short English text for logs; never shown to the user as is.
std::string_view error_text(Error e);

// What the ceremony must match, from the options we sent to the browser.
struct Expectation {
    std::string challenge;                 // raw bytes we issued (an empty challenge never matches)
    std::string origin;                    // exact origin, e.g. "https://localhost:8443"
    std::string rp_id;                     // RP ID, e.g. "localhost"
    bool require_user_verification = true; // demand the UV flag (userVerification "required")
};

// A verified registration, to be stored against the user.
struct NewCredential {
    std::string credential_id;  // raw bytes, 1 to 1023 of them
    std::string public_key_der; // SubjectPublicKeyInfo DER
    int cose_alg = 0;           // -7 (ES256) or -257 (RS256)
    std::uint32_t sign_count = 0;
    std::string aaguid;           // 16 raw bytes, all zero for many passkey providers
    bool backup_eligible = false; // BE flag: a synced passkey rather than a device-bound one
};

// navigator.credentials.create(): response.clientDataJSON and response.attestationObject as
// raw bytes.
std::variant<NewCredential, Error> verify_registration(std::string_view client_data_json,
                                                       std::string_view attestation_object,
                                                       const Expectation& expected);

// A verified assertion; the caller stores sign_count as the credential's new counter.
struct Assertion {
    std::uint32_t sign_count = 0;
};

// navigator.credentials.get(): response.clientDataJSON, response.authenticatorData and
// response.signature as raw bytes, with the stored credential's key, algorithm and counter
// (0 when the authenticator does not count).
std::variant<Assertion, Error> verify_assertion(std::string_view client_data_json, std::string_view authenticator_data,
                                                std::string_view signature, std::string_view public_key_der,
                                                int cose_alg, std::uint32_t stored_sign_count,
                                                const Expectation& expected);

} // namespace esc::crypto::webauthn
