#include "domain/ocra_import.hpp"

#include <cctype>
#include <set>

namespace esc::domain {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        auto pos = line.find(sep, start);
        out.push_back(trim(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start)));
        if (pos == std::string_view::npos) return out;
        start = pos + 1;
    }
}

bool valid_serial(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (unsigned char c : s)
        if (!std::isalnum(c) && c != '-' && c != '_') return false;
    return true;
}

bool printable(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool from_hex(std::string_view hex, std::string& out) {
    if (hex.size() % 2 != 0) return false;
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
}

bool is_header(const std::vector<std::string_view>& fields) {
    return fields.size() == 3 && fields[0] == "serial" && fields[1] == "account" && fields[2] == "secret";
}

} // namespace

OcraImport parse_ocra_import(std::string_view text) {
    OcraImport result;
    std::set<std::string, std::less<>> serials;
    int number = 0;
    bool first = true;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        auto raw = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        start = end == std::string_view::npos ? text.size() : end + 1;
        ++number;
        auto line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        auto fields = split(line, ';');
        if (first && is_header(fields)) {
            first = false;
            continue;
        }
        first = false;
        auto fail = [&](std::string message) { result.errors.push_back({number, std::move(message)}); };
        if (fields.size() != 3) {
            fail("expected 3 fields separated by ';' (serial;account;secret), found " + std::to_string(fields.size()));
            continue;
        }
        OcraImportLine t;
        t.line = number;
        if (!valid_serial(fields[0])) {
            fail("the serial must be 1 to 64 letters, digits, '-' or '_'");
            continue;
        }
        t.serial = std::string(fields[0]);
        if (fields[1].empty() || fields[1].size() > 256 || !printable(fields[1])) {
            fail("the account must be a login or a national id (1 to 256 printable characters)");
            continue;
        }
        t.account = std::string(fields[1]);
        if (!from_hex(fields[2], t.key)) {
            fail("the secret must be hexadecimal digits, two per byte");
            continue;
        }
        if (t.key.size() < 16 || t.key.size() > 64) {
            fail("the secret must be 16 to 64 bytes, found " + std::to_string(t.key.size()));
            continue;
        }
        if (!serials.insert(t.serial).second) {
            fail("serial " + t.serial + " appears twice in the file");
            continue;
        }
        result.tokens.push_back(std::move(t));
    }
    return result;
}

} // namespace esc::domain
