#include "finess_parser.hpp"

#include "personne_parser.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

// nofinesset pattern of the FINESS XSD: [0-9][0-9A-Z][0-9]{7} (2A/2B for Corsica).
bool valid_finess(std::string_view value) {
    if (value.size() != 9) return false;
    for (std::size_t i = 0; i < 9; ++i) {
        const char ch = value[i];
        const bool digit = ch >= '0' && ch <= '9';
        if (i == 1 ? !(digit || (ch >= 'A' && ch <= 'Z')) : !digit) return false;
    }
    return true;
}

} // namespace

bool split_semicolon_quoted(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::size_t i = 0;
    while (true) {
        std::string field;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size()) return false; // unterminated: the record continues on the next line
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (i < line.size() && line[i] != ';') return false;
        } else {
            const std::size_t end = line.find(';', i);
            field.assign(line.substr(i, end == std::string_view::npos ? line.npos : end - i));
            i = end == std::string_view::npos ? line.size() : end;
        }
        out.push_back(std::move(field));
        if (i >= line.size()) return true;
        ++i; // the ';'
    }
}

bool is_finess_preamble(std::string_view line) {
    return line.substr(0, 14) == "finess;etalab;";
}

FinessLine parse_finess_line(std::string_view raw) {
    FinessLine result;
    raw = strip_cr(raw);
    std::string decoded;
    if (!is_valid_utf8(raw)) {
        if (!append_cp1252_as_utf8(raw, decoded)) {
            result.reason = "invalid_encoding";
            result.detail = "byte undefined in Windows-1252";
            return result;
        }
        raw = decoded;
    }
    std::vector<std::string> fields;
    if (!split_semicolon_quoted(raw, fields)) {
        result.reason = "unterminated_quote";
        result.detail = "quoted field not closed on this line";
        return result;
    }
    if (fields.empty() || fields[0] != "structureet") {
        result.kind = FinessLineKind::Other;
        return result;
    }
    if (fields.size() != storage::kFinessFieldCount + 1) {
        result.reason = "column_count";
        result.detail = std::to_string(fields.size()) + " fields instead of 32";
        return result;
    }
    for (std::size_t i = 1; i < fields.size(); ++i) {
        if (fields[i].size() > kMaxFieldBytes) {
            result.reason = "overlong_field";
            result.detail = "field " + std::to_string(i + 1) + " is " + std::to_string(fields[i].size()) + " bytes";
            return result;
        }
    }
    if (!valid_finess(fields[1])) {
        result.reason = "malformed_finess";
        result.detail = "nofinesset '" + fields[1] + "'";
        return result;
    }
    for (std::size_t i = 0; i < storage::kFinessFieldCount; ++i)
        result.record[i] = std::move(fields[i + 1]);
    result.kind = FinessLineKind::Structure;
    return result;
}

} // namespace esc::directory_sync
