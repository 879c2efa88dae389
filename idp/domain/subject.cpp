#include "domain/subject.hpp"

#include <stdexcept>

namespace esc::domain {

namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? text[i] != '-' : !is_hex(text[i])) return false;
    }
    return true;
}

std::string uuid_from_bytes(std::string_view bytes16) {
    if (bytes16.size() != 16) throw std::invalid_argument("uuid_from_bytes: 16 bytes required");
    unsigned char b[16];
    for (std::size_t i = 0; i < 16; ++i)
        b[i] = static_cast<unsigned char>(bytes16[i]);
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x50); // RFC 9562 §5.5: version 5
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 9562 §4.1: variant 10xx
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 0x0F];
    }
    return out;
}

std::string subject_for(const Account& account, const SubjectOptions& options) {
    if (account.national_id.empty()) return "local:" + std::to_string(account.id);
    if (!options.legacy) return account.national_id;
    if (!is_uuid(options.legacy_uuid)) throw std::invalid_argument("legacy sub: malformed uuid");
    return "f:" + options.legacy_uuid + ":" + account.national_id;
}

} // namespace esc::domain
