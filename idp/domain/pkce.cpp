#include "domain/pkce.hpp"

namespace esc::domain {

namespace {

bool is_unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

bool is_pkce_string(std::string_view s) {
    if (s.size() < kPkceMinLength || s.size() > kPkceMaxLength) return false;
    for (char c : s)
        if (!is_unreserved(c)) return false;
    return true;
}

// Length is not secret (it is fixed by the method); the content is compared without early exit.
bool same_bytes(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

bool is_valid_code_verifier(std::string_view verifier) {
    return is_pkce_string(verifier);
}

bool is_valid_code_challenge(std::string_view challenge) {
    return is_pkce_string(challenge);
}

std::optional<PkceMethod> parse_pkce_method(std::string_view method) {
    if (method == "S256") return PkceMethod::s256;
    if (method.empty() || method == "plain") return PkceMethod::plain;
    return std::nullopt;
}

std::optional<OAuthError> check_pkce_request(const Client& client, std::string_view challenge,
                                             std::string_view method) {
    using namespace oauth_errors;
    if (challenge.empty()) {
        if (!method.empty()) return invalid_request("code_challenge_method sent without code_challenge");
        if (client.is_public() || client.require_pkce) return invalid_request("code_challenge required (PKCE)");
        return std::nullopt;
    }
    auto parsed = parse_pkce_method(method);
    if (!parsed) return invalid_request("unsupported code_challenge_method");
    if (!is_valid_code_challenge(challenge)) return invalid_request("malformed code_challenge");
    // RFC 9700 §2.1.1: S256 is the method to use; plain only protects against a leaked code in transit
    // of the authorization response, so it stays a per-client opt-in.
    if (*parsed == PkceMethod::plain && !client.allow_plain_pkce)
        return invalid_request("code_challenge_method must be S256");
    return std::nullopt;
}

bool verify_pkce(std::string_view challenge, std::string_view method, std::string_view verifier,
                 std::string_view s256_of_verifier_b64url) {
    if (challenge.empty()) return verifier.empty();
    if (!is_valid_code_verifier(verifier)) return false;
    auto parsed = parse_pkce_method(method);
    if (!parsed) return false;
    if (*parsed == PkceMethod::s256) return same_bytes(challenge, s256_of_verifier_b64url);
    return same_bytes(challenge, verifier);
}

} // namespace esc::domain
