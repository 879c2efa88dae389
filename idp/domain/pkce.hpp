#pragma once
#include <optional>
#include <string_view>

#include "domain/client.hpp"
#include "domain/oauth_error.hpp"

// PKCE (RFC 7636) rules, free of any hashing library: the caller computes the S256 hash of the
// verifier (esc::crypto::sha256_b64url) and passes it in.
namespace esc::domain {

enum class PkceMethod { plain, s256 };

inline constexpr std::size_t kPkceMinLength = 43; // RFC 7636 §4.1 / §4.2
inline constexpr std::size_t kPkceMaxLength = 128;

// 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~" (RFC 7636 §4.1).
bool is_valid_code_verifier(std::string_view verifier);
// Same grammar for the challenge (RFC 7636 §4.2); an S256 challenge is always 43 characters.
bool is_valid_code_challenge(std::string_view challenge);

// "S256" -> s256, "plain" -> plain, "" -> plain (RFC 7636 §4.3 default), anything else -> nullopt.
// Names are case-sensitive: "s256" is not a method.
std::optional<PkceMethod> parse_pkce_method(std::string_view method);

// The authorization endpoint's PKCE check (RFC 7636 §4.4, RFC 9700 §2.1.1):
//  - no challenge: refused when the client is public or requires PKCE; a method alone is refused;
//  - a challenge with a bad syntax or an unknown method: invalid_request;
//  - plain (explicit, or implied by an absent method): only for a client with allow_plain_pkce.
// Returns the error to send back (redirectable: the client and redirect URI are already verified).
std::optional<OAuthError> check_pkce_request(const Client& client, std::string_view challenge, std::string_view method);

// The token endpoint's check (RFC 7636 §4.6). `challenge` and `method` are those stored with the
// code; `s256_of_verifier_b64url` is BASE64URL(SHA256(ASCII(verifier))), only read for S256.
//  - no challenge stored: succeeds only when no verifier is sent either, since a verifier without a
//    challenge is a PKCE downgrade attempt (RFC 9700 §2.1.1);
//  - otherwise the verifier must be syntactically valid and match in constant time.
bool verify_pkce(std::string_view challenge, std::string_view method, std::string_view verifier,
                 std::string_view s256_of_verifier_b64url);

} // namespace esc::domain
