#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// OCRA, the OATH Challenge-Response Algorithm (RFC 6287): an HOTP (RFC 4226) over a challenge
// instead of a bare counter, as computed by hardware tokens for one-way, mutual and signature
// challenge-response. Pure functions: the caller keeps the keys, counters and clocks.
// Compare a presented response with the expected one through constant_time_equals (encoding.hpp).
namespace esc::crypto {

enum class OcraHash { sha1, sha256, sha512 };

// A parsed OCRASuite (RFC 6287 §6), e.g. "OCRA-1:HOTP-SHA1-8:QN08".
struct OcraSuite {
    std::string text;                 // the suite string itself: it is part of every DataInput
    OcraHash hash = OcraHash::sha1;   // HMAC of the CryptoFunction
    int digits = 0;                   // 0 (the whole HMAC, as lower-case hex) or 4..10
    bool counter = false;             // "C": an 8-byte counter
    char question_format = 'N';       // 'A' alphanumeric, 'N' numeric, 'H' hexadecimal
    int question_length = 8;          // xx of "QFxx", 4..64
    std::optional<OcraHash> pin_hash; // "PSHA1", "PSHA256", "PSHA512"
    int session_length = 0;           // nnn of "Snnn" in bytes, 0 when absent
    int time_step_seconds = 0;        // "TG" as seconds, 0 when absent

    bool operator==(const OcraSuite&) const = default;
};

// Strict RFC 6287 §6.3 grammar, inputs in the order C, Q, P, S, T:
// OCRA-1:HOTP-<SHA1|SHA256|SHA512>-<0|4..10>:[C-]Q<A|N|H><04..64>[-P<SHA1|SHA256|SHA512>][-Snnn][-T<G>]
// with G one of 1..59S, 1..56M, 1..48H. Anything else, including "T0H" (a step of no length counts
// nothing), is nullopt; never throws.
std::optional<OcraSuite> parse_ocra_suite(std::string_view text);

// The variable part of a DataInput (RFC 6287 §5.1). Fields the suite does not name must stay
// empty (strings) and are ignored (numbers).
struct OcraInput {
    std::uint64_t counter = 0;
    // As displayed: decimal digits for 'N', letters and digits for 'A', hex digits for 'H'. From
    // question_length to twice that many characters: mutual challenge-response (RFC 6287 §7.3)
    // concatenates the client's and the server's challenges.
    std::string question;
    std::string pin_hash_hex;          // the PIN's hash under the suite's P algorithm, in hex
    std::string session_hex;           // exactly session_length bytes, in hex
    std::uint64_t timestamp_steps = 0; // time steps since the Unix epoch (seconds / time_step_seconds)
};

// The response of RFC 6287 §5.2 (as the Appendix A reference implementation computes it), or
// nullopt when the input does not fit the suite, the key is empty or `suite` is not what
// parse_ocra_suite makes of suite.text.
std::optional<std::string> ocra_response(const OcraSuite& suite, std::span<const unsigned char> key,
                                         const OcraInput& input);

// A uniformly random numeric question of `length` digits (4..64) from the CSPRNG; throws
// std::invalid_argument outside that range.
std::string ocra_numeric_challenge(int length);

} // namespace esc::crypto
