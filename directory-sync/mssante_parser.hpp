#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/directory_import.hpp"

// Parser of Extraction_Correspondance_MSSante: `|`, header line, 31 columns, UTF-8, trailing
// delimiter not confirmed (tolerated either way), PER and ORG mailboxes (annuaire-formats.md §4).
namespace esc::directory_sync {

class MssanteHeader {
public:
    static std::optional<MssanteHeader> parse(std::string_view line, std::string& error);
    std::size_t columns() const { return columns_; }

    std::size_t type = 0, address = 0, id_type = 0, identifier = 0, national_id = 0, structure_id = 0;

private:
    std::size_t columns_ = 0;
};

struct MssanteLine {
    bool ok = false;
    bool repaired = false;
    storage::MssanteMailbox mailbox; // digest over the whole normalised line
    std::string reason;
    std::string detail;
};

MssanteLine parse_mssante_line(std::string_view line, const MssanteHeader& header);

} // namespace esc::directory_sync
