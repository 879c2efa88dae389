#pragma once
#include <cstdint>
#include <string>

#include "domain/time.hpp"

// Authenticators a professional holds besides a password and the phone app (domain/device.hpp):
// a CPS calculator's OCRA secret and passkeys. Each belongs to one account and is revoked, never
// deleted, so that the account page and support can say what was used and when.
namespace esc::domain {

// A challenge-response token (RFC 6287) provisioned by an administrator's import file.
struct OcraToken {
    std::string serial; // printed on the device, unique
    std::int64_t account_id = 0;
    std::string wrapped_key; // crypto::wrap_secret under the key-encryption key, context "ocra:<serial>"
    UnixTime created_at = 0;
    UnixTime last_used_at = 0;
    UnixTime revoked_at = 0;
};

// A WebAuthn credential registered from « Mon compte ».
struct Passkey {
    std::string credential_id; // base64url of the raw id the authenticator chose
    std::int64_t account_id = 0;
    std::string name;       // given by the professional (« Ordinateur du cabinet »)
    std::string public_key; // base64url of the SubjectPublicKeyInfo DER
    int cose_alg = -7;      // COSE algorithm: -7 ES256, -257 RS256
    std::uint32_t sign_count = 0;
    UnixTime created_at = 0;
    UnixTime last_used_at = 0;
    UnixTime revoked_at = 0;
};

} // namespace esc::domain
