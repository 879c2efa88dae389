#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "storage/directory_import.hpp"

// Parser of the FINESS establishment extraction (DREES etalab-cs1100502/cs1100507): `;`
// separated, fields containing `"` or `;` quoted with doubled quotes, Windows-1252, no header
// but a first line `finess;etalab;<n>;<date>` (annuaire-formats.md §5).
namespace esc::directory_sync {

// Splits one line with CSV quoting into `out`. Returns false on an unterminated quoted field (a
// record broken over two lines) or text after a closing quote.
bool split_semicolon_quoted(std::string_view line, std::vector<std::string>& out);

// True for the first line of a FINESS file ("finess;etalab;...").
bool is_finess_preamble(std::string_view line);

enum class FinessLineKind { Structure, Other, Rejected };

struct FinessLine {
    FinessLineKind kind = FinessLineKind::Rejected;
    storage::FinessRecord record; // kind == Structure
    std::string reason;           // kind == Rejected
    std::string detail;
};

// Parses one record line (`structureet` records are kept; `geolocalisation` and other record
// types are reported as Other). Text that is not UTF-8 is decoded from Windows-1252.
FinessLine parse_finess_line(std::string_view line);

} // namespace esc::directory_sync
