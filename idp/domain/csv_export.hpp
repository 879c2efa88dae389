#pragma once
#include <string>
#include <string_view>
#include <vector>

// CSV for spreadsheets (RFC 4180: comma, CRLF, quotes doubled). A cell a spreadsheet would read as
// a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe (OWASP "CSV
// injection"): an audit export must not run what a professional typed into a field.
namespace esc::domain {

std::string csv_cell(std::string_view value);
std::string csv_line(const std::vector<std::string>& cells); // ends with CRLF

} // namespace esc::domain
