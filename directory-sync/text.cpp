#include "text.hpp"

#include <cstring>

namespace esc::directory_sync {
namespace {

// Windows-1252 code points for 0x80-0x9F (0 = undefined); 0xA0-0xFF equal Latin-1.
constexpr char16_t kCp1252High[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool plausible_cp1252_byte(unsigned char c) {
    if (c >= 0xC0) return c != 0xD7 && c != 0xF7; // Latin letters, not × ÷
    switch (c) {
    case 0x80:
    case 0x85:
    case 0x8C:
    case 0x92:
    case 0x96:
    case 0x97:
    case 0x9C: // € … Œ ’ – — œ
    case 0xA0:
    case 0xAB:
    case 0xB0:
    case 0xBB: // nbsp « ° »
        return true;
    default:
        return false;
    }
}

std::uint64_t load64(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII fast path, 8 bytes at a time.
        if (i + 8 <= n && (load64(text.data() + i) & 0x8080808080808080ULL) == 0) {
            i += 8;
            continue;
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        char32_t cp;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4, cp = c & 0x07;
        else
            return false;
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += len;
    }
    return true;
}

bool append_cp1252_as_utf8(std::string_view text, std::string& out) {
    bool ok = true;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else if (c < 0xA0) {
            const char16_t cp = kCp1252High[c - 0x80];
            if (cp == 0) {
                ok = false;
                append_utf8(0xFFFD, out);
            } else {
                append_utf8(cp, out);
            }
        } else {
            append_utf8(c, out);
        }
    }
    return ok;
}

bool repair_cp1252(std::string_view text, std::string& out) {
    out.clear();
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t') return false;
            out += text[i++];
            continue;
        }
        // The longest well-formed UTF-8 sequence starting here, if any.
        const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (len > 1 && i + len <= text.size() && is_valid_utf8(text.substr(i, len))) {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        if (!plausible_cp1252_byte(c)) return false;
        append_cp1252_as_utf8(text.substr(i, 1), out);
        ++i;
    }
    return true;
}

bool all_digits(std::string_view text) {
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return !text.empty();
}

bool luhn_ok(std::string_view digits) {
    if (!all_digits(digits)) return false;
    int sum = 0;
    bool double_it = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (double_it) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        double_it = !double_it;
    }
    return sum % 10 == 0;
}

std::string check_national_id(std::string_view type, std::string_view identifier, std::string_view national_id) {
    if (identifier.empty() || national_id.empty()) return "empty_identifier";
    if (type == "8") {
        if (identifier.size() != 11 || !all_digits(identifier)) return "malformed_rpps";
        if (!luhn_ok(identifier)) return "rpps_check_key";
    } else if (type == "0") {
        if (identifier.size() != 9) return "malformed_adeli";
        for (const char c : identifier)
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return "malformed_adeli";
    } else {
        return "unknown_identifier_type";
    }
    if (national_id.size() != type.size() + identifier.size() || national_id.substr(0, type.size()) != type ||
        national_id.substr(type.size()) != identifier)
        return "national_id_mismatch";
    return {};
}

std::uint64_t national_key(std::string_view national_id) {
    if (national_id.empty() || national_id.size() > 12) return 0;
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 12; ++i) {
        std::uint64_t v = 0;
        if (i < national_id.size()) {
            const char c = national_id[i];
            if (c >= '0' && c <= '9')
                v = 1 + static_cast<std::uint64_t>(c - '0');
            else if (c >= 'A' && c <= 'Z')
                v = 11 + static_cast<std::uint64_t>(c - 'A');
            else
                return 0;
        }
        key = key * 37 + v;
    }
    return key;
}

std::string national_id_of(std::uint64_t key) {
    char buffer[12];
    for (int i = 11; i >= 0; --i) {
        buffer[i] = static_cast<char>(key % 37);
        key /= 37;
    }
    std::string id;
    for (const char v : buffer) {
        if (v == 0) break;
        id += v <= 10 ? static_cast<char>('0' + v - 1) : static_cast<char>('A' + v - 11);
    }
    return id;
}

std::uint64_t hash64(std::string_view data, std::uint64_t seed) {
    std::uint64_t h = seed ^ (data.size() * 0x9e3779b97f4a7c15ULL);
    std::size_t i = 0;
    for (; i + 8 <= data.size(); i += 8)
        h = mix64(h, load64(data.data() + i));
    std::uint64_t tail = 0;
    if (data.size() > i) std::memcpy(&tail, data.data() + i, data.size() - i);
    return mix64(mix64(h, tail), data.size());
}

} // namespace esc::directory_sync
