#include "domain/csv_export.hpp"

namespace esc::domain {

std::string csv_cell(std::string_view value) {
    std::string text(value);
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) text = "'" + text;
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ',';
        out += csv_cell(cells[i]);
    }
    return out + "\r\n";
}

} // namespace esc::domain
