// libFuzzer target: Personne_activite header and data lines (directory-sync/personne_parser.cpp).
// The first input line is taken as the header, the rest as data lines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "personne_parser.hpp"
#include "text.hpp"

using namespace esc::directory_sync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    std::string error;
    for (const auto kind : {FileKind::PersonneActivite, FileKind::SavoirFaire}) {
        const auto header = PersonneHeader::parse(input.substr(0, newline), kind, error);
        if (!header || newline == std::string_view::npos) continue;
        std::string_view rest = input.substr(newline + 1);
        std::string buffer, again;
        PersonneRow row, reread;
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            const auto line = rest.substr(0, end);
            const auto outcome = parse_personne_line(line, *header, buffer, row);
            if (outcome.ok) {
                // An accepted line must read back identically and carry a usable key.
                split_accepted_line(line, *header, outcome.repaired, again, reread);
                if (reread.fields != row.fields || national_key(row.get(Col::NationalId)) == 0) __builtin_trap();
            }
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
    }
    std::string repaired;
    if (repair_cp1252(input, repaired) && !is_valid_utf8(repaired)) __builtin_trap();
    return 0;
}
