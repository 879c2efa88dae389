#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

// JWS compact serialization (RFC 7515) for RS256 and ES256 only, over pre-parsed OpenSSL keys.
// Never "none", never an algorithm taken from input without the allow-list.
namespace esc::crypto {

enum class Alg { RS256, ES256 };
std::optional<Alg> parse_alg(std::string_view name); // only "RS256" / "ES256"
const char* alg_name(Alg alg);

// A private signing key (pre-parsed: signing never re-reads PEM).
class PrivateKey {
public:
    virtual ~PrivateKey() = default;
    virtual Alg alg() const = 0;
    virtual const std::string& kid() const = 0;
    // Raw JWS signature over `signing_input` (ES256: R||S, 64 bytes).
    virtual std::string sign(std::string_view signing_input) const = 0;
    virtual std::string public_jwk_json() const = 0; // {"kty","kid","use":"sig","alg",...}
    virtual std::string private_pem() const = 0;     // PKCS#8
};

// A public verification key (from our key store or from a client's JWKS).
class PublicKey {
public:
    virtual ~PublicKey() = default;
    virtual Alg alg() const = 0;
    virtual const std::string& kid() const = 0;
    virtual bool verify(std::string_view signing_input, std::string_view signature) const = 0;
};

// Generates a new key; kid = RFC 7638 thumbprint. RS256 -> RSA-2048, ES256 -> P-256.
std::shared_ptr<PrivateKey> generate_private_key(Alg alg);
// Loads a PKCS#8 PEM private key; nullptr if invalid or not matching `alg`.
std::shared_ptr<PrivateKey> load_private_key(Alg alg, std::string_view pem);
// Public key of a private key, for verification of our own tokens.
std::shared_ptr<PublicKey> public_key_of(const PrivateKey& key);
// Public keys from a JWKS document (RSA and EC P-256 with "sig" use); bad entries are skipped.
std::vector<std::shared_ptr<PublicKey>> public_keys_from_jwks(std::string_view jwks_json);
// RFC 7638 thumbprint of each usable key of a JWKS, computed from the key material (not its `kid`).
std::vector<std::string> jwks_thumbprints(std::string_view jwks_json);

// Builds header {"alg","kid","typ"} and signs `payload_json` (a serialized JSON object).
std::string sign_jws(const PrivateKey& key, std::string_view payload_json, std::string_view typ = "JWT");

enum class JwsError { malformed, unsupported_alg, unknown_key, bad_signature };
const char* jws_error_text(JwsError e);

struct VerifiedJws {
    std::string header_json;
    std::string payload_json;
};

// Finds candidate keys for (kid, alg); kid may be empty when the header has none.
using KeyLookup = std::function<std::vector<std::shared_ptr<PublicKey>>(const std::string& kid, Alg alg)>;

struct JwsResult {
    std::optional<VerifiedJws> value;
    JwsError error = JwsError::malformed;
    explicit operator bool() const { return value.has_value(); }
};

// Parses and verifies a compact JWS. The header is parsed with a strict JSON reader, its `alg`
// checked against `allowed`; exp/iss/aud are the caller's to check on the payload.
JwsResult verify_jws(std::string_view token, const KeyLookup& lookup, const std::vector<Alg>& allowed);

} // namespace esc::crypto
