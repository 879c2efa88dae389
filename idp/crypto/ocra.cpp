// OCRA (RFC 6287): suite parsing, DataInput assembly and HOTP truncation.
#include "crypto/ocra.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/encoding.hpp"

namespace esc::crypto {
namespace {

constexpr std::size_t kQuestionFieldSize = 128; // RFC 6287 §5.1: Q is always 128 bytes
constexpr int kMinQuestionLength = 4;
constexpr int kMaxQuestionLength = 64;

using QuestionField = std::array<unsigned char, kQuestionFieldSize>;
// A question may be two challenges long (mutual mode): 128 characters, or 128 hex digits, or the
// hex of 128 decimal digits, all fit the field.
static_assert(2 * kMaxQuestionLength <= kQuestionFieldSize);

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Only plain digits: std::from_chars would also take a sign.
std::optional<int> number(std::string_view digits) {
    if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), is_digit))
        return std::nullopt;
    int value = 0;
    for (char c : digits)
        value = value * 10 + (c - '0');
    return value;
}

// Like number(), without leading zeros ("T1M", not "T01M").
std::optional<int> canonical_number(std::string_view digits) {
    if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
    return number(digits);
}

std::optional<OcraHash> hash_named(std::string_view name) {
    if (name == "SHA1") return OcraHash::sha1;
    if (name == "SHA256") return OcraHash::sha256;
    if (name == "SHA512") return OcraHash::sha512;
    return std::nullopt;
}

const EVP_MD* evp_md(OcraHash hash) {
    return hash == OcraHash::sha1 ? EVP_sha1() : hash == OcraHash::sha256 ? EVP_sha256() : EVP_sha512();
}

std::size_t digest_size(OcraHash hash) {
    return static_cast<std::size_t>(EVP_MD_get_size(evp_md(hash)));
}

// Every part, empty ones included: "QN08-" has two, and must be refused for its empty one.
std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t at = text.find(separator); at != std::string_view::npos; at = text.find(separator)) {
        parts.push_back(text.substr(0, at));
        text.remove_prefix(at + 1);
    }
    parts.push_back(text);
    return parts;
}

// "HOTP-SHA1-6" (RFC 6287 §5.1 CryptoFunction).
bool parse_crypto_function(std::string_view text, OcraSuite& suite) {
    auto parts = split(text, '-');
    if (parts.size() != 3 || parts[0] != "HOTP") return false;
    auto hash = hash_named(parts[1]);
    auto digits = canonical_number(parts[2]);
    if (!hash || !digits || (*digits != 0 && (*digits < 4 || *digits > 10))) return false;
    suite.hash = *hash;
    suite.digits = *digits;
    return true;
}

// "QN08": format and length of the challenge.
bool parse_question(std::string_view token, OcraSuite& suite) {
    if (token.size() != 4 || token[0] != 'Q') return false;
    auto length = number(token.substr(2));
    char format = token[1];
    if ((format != 'A' && format != 'N' && format != 'H') || !length || *length < kMinQuestionLength ||
        *length > kMaxQuestionLength)
        return false;
    suite.question_format = format;
    suite.question_length = *length;
    return true;
}

// "S064": three digits, a session of at least one byte.
bool parse_session(std::string_view token, OcraSuite& suite) {
    auto length = token.size() == 4 && token[0] == 'S' ? number(token.substr(1)) : std::nullopt;
    if (!length || *length == 0) return false;
    suite.session_length = *length;
    return true;
}

// "T1M": RFC 6287 §6.3 allows 1-59 seconds, 1-56 minutes or 0-48 hours. "T0H" is refused: a
// step of no length counts no steps, and time_step_seconds = 0 means no timestamp at all.
bool parse_time_step(std::string_view token, OcraSuite& suite) {
    struct Unit {
        char letter;
        int max;
        int seconds;
    };
    constexpr Unit kUnits[] = {{'S', 59, 1}, {'M', 56, 60}, {'H', 48, 3600}};
    if (token.size() < 3 || token.size() > 4 || token[0] != 'T') return false;
    auto count = canonical_number(token.substr(1, token.size() - 2));
    for (const Unit& unit : kUnits) {
        if (token.back() != unit.letter) continue;
        if (!count || *count < 1 || *count > unit.max) return false;
        suite.time_step_seconds = *count * unit.seconds;
        return true;
    }
    return false;
}

// "[C-]QFxx[-PH][-Snnn][-TG]" (RFC 6287 §6.3), each input at most once and in this order.
bool parse_data_input(std::string_view text, OcraSuite& suite) {
    auto tokens = split(text, '-');
    std::size_t i = 0;
    auto at = [&](char letter) { return i < tokens.size() && tokens[i].starts_with(letter); };
    if (at('C')) {
        if (tokens[i] != "C") return false;
        suite.counter = true;
        ++i;
    }
    if (i == tokens.size() || !parse_question(tokens[i++], suite)) return false;
    if (at('P')) {
        suite.pin_hash = hash_named(tokens[i++].substr(1));
        if (!suite.pin_hash) return false;
    }
    if (at('S') && !parse_session(tokens[i++], suite)) return false;
    if (at('T') && !parse_time_step(tokens[i++], suite)) return false;
    return i == tokens.size();
}

std::optional<std::vector<unsigned char>> decode_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<unsigned char> out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int high = hex_value(hex[i]);
        int low = hex_value(hex[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        out.push_back(static_cast<unsigned char>(high << 4 | low));
    }
    return out;
}

// The field holds hex digits left-aligned and zero-padded on the right (the reference
// implementation pads the hex string to 256 digits), so an odd count ends mid-byte.
bool put_nibbles(const std::vector<int>& nibbles, QuestionField& field) {
    if (nibbles.size() > 2 * field.size()) return false;
    for (std::size_t i = 0; i < nibbles.size(); ++i)
        field[i / 2] |= static_cast<unsigned char>(i % 2 == 0 ? nibbles[i] << 4 : nibbles[i]);
    return true;
}

// A numeric question is taken as a number and written in hex, without leading zeros: up to 128
// decimal digits, far past 64 bits, hence schoolbook division of the digit string by 16.
std::optional<std::vector<int>> decimal_to_hex_nibbles(std::string_view decimal) {
    if (!std::all_of(decimal.begin(), decimal.end(), is_digit)) return std::nullopt;
    std::vector<int> digits;
    for (char c : decimal)
        if (!digits.empty() || c != '0') digits.push_back(c - '0');
    std::vector<int> nibbles; // least significant first
    while (!digits.empty()) {
        std::vector<int> quotient;
        int remainder = 0;
        for (int d : digits) {
            int current = remainder * 10 + d;
            if (!quotient.empty() || current >= 16) quotient.push_back(current / 16);
            remainder = current % 16;
        }
        nibbles.push_back(remainder);
        digits = std::move(quotient);
    }
    if (nibbles.empty()) nibbles.push_back(0); // BigInteger("0").toString(16) is "0"
    std::reverse(nibbles.begin(), nibbles.end());
    return nibbles;
}

std::optional<QuestionField> question_field(const OcraSuite& suite, std::string_view question) {
    auto length = static_cast<std::size_t>(suite.question_length);
    if (question.size() < length || question.size() > 2 * length) return std::nullopt;
    QuestionField field{};
    if (suite.question_format == 'A') {
        auto alphanumeric = [](char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
        if (!std::all_of(question.begin(), question.end(), alphanumeric)) return std::nullopt;
        std::copy(question.begin(), question.end(), field.begin());
        return field;
    }
    std::vector<int> nibbles;
    if (suite.question_format == 'N') {
        auto converted = decimal_to_hex_nibbles(question);
        if (!converted) return std::nullopt;
        nibbles = std::move(*converted);
    } else {
        for (char c : question) {
            nibbles.push_back(hex_value(c));
            if (nibbles.back() < 0) return std::nullopt;
        }
    }
    if (!put_nibbles(nibbles, field)) return std::nullopt;
    return field;
}

void append_big_endian(std::vector<unsigned char>& out, std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>(value >> shift));
}

// RFC 6287 §5.1: OCRASuite | 00 | C | Q | P | S | T, each optional part only if the suite names it.
std::optional<std::vector<unsigned char>> data_input(const OcraSuite& suite, const OcraInput& input) {
    auto question = question_field(suite, input.question);
    if (!question) return std::nullopt;
    std::vector<unsigned char> data(suite.text.begin(), suite.text.end());
    data.push_back(0);
    if (suite.counter) append_big_endian(data, input.counter);
    data.insert(data.end(), question->begin(), question->end());
    if (suite.pin_hash) {
        auto pin = decode_hex(input.pin_hash_hex);
        if (!pin || pin->size() != digest_size(*suite.pin_hash)) return std::nullopt;
        data.insert(data.end(), pin->begin(), pin->end());
        OPENSSL_cleanse(pin->data(), pin->size());
    } else if (!input.pin_hash_hex.empty()) {
        return std::nullopt;
    }
    if (suite.session_length > 0) {
        auto session = decode_hex(input.session_hex);
        if (!session || session->size() != static_cast<std::size_t>(suite.session_length)) return std::nullopt;
        data.insert(data.end(), session->begin(), session->end());
    } else if (!input.session_hex.empty()) {
        return std::nullopt;
    }
    if (suite.time_step_seconds > 0) append_big_endian(data, input.timestamp_steps);
    return data;
}

std::string lower_hex(std::span<const unsigned char> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 15];
    }
    return out;
}

// RFC 4226 §5.3 dynamic truncation, then the low `digits` decimal digits, zero-padded.
std::string decimal_code(std::span<const unsigned char> mac, int digits) {
    std::size_t offset = mac.back() & 0x0f; // at most 15: offset + 3 < 20, the shortest MAC
    std::uint32_t binary = std::uint32_t(mac[offset] & 0x7f) << 24 | std::uint32_t(mac[offset + 1]) << 16 |
                           std::uint32_t(mac[offset + 2]) << 8 | std::uint32_t(mac[offset + 3]);
    std::string code(static_cast<std::size_t>(digits), '0');
    for (auto digit = code.rbegin(); digit != code.rend() && binary != 0; ++digit, binary /= 10)
        *digit = static_cast<char>('0' + binary % 10);
    return code;
}

} // namespace

std::optional<OcraSuite> parse_ocra_suite(std::string_view text) {
    OcraSuite suite;
    suite.text = std::string(text);
    auto parts = split(text, ':');
    if (parts.size() != 3 || parts[0] != "OCRA-1" || !parse_crypto_function(parts[1], suite) ||
        !parse_data_input(parts[2], suite))
        return std::nullopt;
    return suite;
}

std::optional<std::string> ocra_response(const OcraSuite& suite, std::span<const unsigned char> key,
                                         const OcraInput& input) {
    // The suite string is hashed with the DataInput: fields that disagree with it would make a
    // response no token computes.
    if (key.empty() || key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        parse_ocra_suite(suite.text) != suite)
        return std::nullopt;
    auto data = data_input(suite, input);
    if (!data) return std::nullopt;
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_size = 0;
    bool ok = HMAC(evp_md(suite.hash), key.data(), static_cast<int>(key.size()), data->data(), data->size(), mac.data(),
                   &mac_size) != nullptr;
    OPENSSL_cleanse(data->data(), data->size()); // holds the PIN hash
    if (!ok) {
        ERR_clear_error();
        return std::nullopt;
    }
    std::span<const unsigned char> digest(mac.data(), mac_size);
    // RFC 6287 §5.1: t = 0 means no truncation; the whole HMAC is given in hex.
    return suite.digits == 0 ? lower_hex(digest) : decimal_code(digest, suite.digits);
}

std::string ocra_numeric_challenge(int length) {
    if (length < kMinQuestionLength || length > kMaxQuestionLength)
        throw std::invalid_argument("OCRA: a numeric challenge has 4 to 64 digits");
    // Rejection sampling: 250 is the largest multiple of 10 under 256, so each digit is uniform.
    constexpr unsigned char kLimit = 250;
    std::string question;
    while (question.size() < static_cast<std::size_t>(length)) {
        for (char c : random_bytes(static_cast<std::size_t>(length) - question.size())) {
            auto byte = static_cast<unsigned char>(c);
            if (byte < kLimit) question += static_cast<char>('0' + byte % 10);
        }
    }
    return question;
}

} // namespace esc::crypto
