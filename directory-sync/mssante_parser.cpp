#include "mssante_parser.hpp"

#include "personne_parser.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

constexpr const char* kMssanteColumns[] = {"Type de BAL",
                                           "Adresse BAL",
                                           "Type Identifiant PP",
                                           "Identifiant PP",
                                           "Identification nationale PP",
                                           "Type identifiant structure",
                                           "Identification Structure",
                                           "Service de rattachement",
                                           "Civilité d'exercice",
                                           "Nom d'exercice",
                                           "Prénom d'exercice",
                                           "Catégorie profession",
                                           "Libellé de catégorie profession",
                                           "Code Profession",
                                           "Libellé Profession",
                                           "Code savoir-faire",
                                           "Libellé savoir-faire",
                                           "Dématérialisation",
                                           "Raison Sociale structure BAL",
                                           "Enseigne commerciale structure BAL",
                                           "L2COMPLEMENTLOCALISATION structure BAL",
                                           "L3COMPLEMENTDISTRIBUTION structure BAL",
                                           "L4NUMEROVOIE structure BAL",
                                           "L4COMPLEMENTNUMEROVOIE structure BAL",
                                           "NL4TYPEVOIE structure BAL",
                                           "L4LIBELLEVOIE structure BAL",
                                           "L5LIEUDITMENTION structure BAL",
                                           "L6LIGNEACHEMINEMENT structure BAL",
                                           "Code postal structure BAL",
                                           "Département structure BAL",
                                           "Pays structure BAL"};

MssanteLine reject(std::string reason, std::string detail) {
    MssanteLine line;
    line.reason = std::move(reason);
    line.detail = std::move(detail);
    return line;
}

} // namespace

std::optional<MssanteHeader> MssanteHeader::parse(std::string_view line, std::string& error) {
    line = strip_cr(line);
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    std::vector<std::string_view> names;
    split_pipe(line, names);
    if (names.size() > 1 && names.back().empty()) names.pop_back();
    MssanteHeader header;
    header.columns_ = names.size();
    std::size_t* const targets[] = {&header.type,        &header.address, &header.id_type,     &header.identifier,
                                    &header.national_id, nullptr,         &header.structure_id};
    for (std::size_t k = 0; k < std::size(kMssanteColumns); ++k) {
        std::size_t found = names.size();
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == kMssanteColumns[k]) found = i;
        if (found == names.size()) {
            error = std::string("missing required column '") + kMssanteColumns[k] + "'";
            return std::nullopt;
        }
        if (k < std::size(targets) && targets[k]) *targets[k] = found;
    }
    if (names.size() != std::size(kMssanteColumns)) {
        for (const auto& name : names) {
            bool known = false;
            for (const char* column : kMssanteColumns)
                known = known || name == column;
            if (!known) {
                error = "unknown column '" + std::string(name) + "': the extraction format changed";
                return std::nullopt;
            }
        }
        error = "duplicate columns in the header";
        return std::nullopt;
    }
    return header;
}

MssanteLine parse_mssante_line(std::string_view line, const MssanteHeader& header) {
    line = strip_cr(line);
    std::string repaired;
    bool was_repaired = false;
    if (!is_valid_utf8(line)) {
        if (!repair_cp1252(line, repaired)) return reject("invalid_utf8", "not UTF-8 nor Windows-1252 text");
        line = repaired;
        was_repaired = true;
    }
    std::vector<std::string_view> fields;
    split_pipe(line, fields);
    if (fields.size() == header.columns() + 1 && fields.back().empty()) fields.pop_back();
    if (fields.size() != header.columns())
        return reject("column_count",
                      std::to_string(fields.size()) + " columns instead of " + std::to_string(header.columns()));
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].size() > kMaxFieldBytes) return reject("overlong_field", "column " + std::to_string(i + 1));
    MssanteLine result;
    auto& box = result.mailbox;
    box.type = fields[header.type];
    box.address = fields[header.address];
    if (box.type != "PER" && box.type != "ORG") return reject("unknown_mailbox_type", "'" + box.type + "'");
    if (box.address.find('@') == std::string::npos) return reject("malformed_address", "'" + box.address + "'");
    if (box.type == "PER") {
        const std::string why =
            check_national_id(fields[header.id_type], fields[header.identifier], fields[header.national_id]);
        if (!why.empty()) return reject(why, "PER mailbox " + box.address);
        box.national_id = fields[header.national_id];
    }
    box.structure_id = fields[header.structure_id];
    std::string normalised;
    for (const auto& field : fields) {
        normalised += field;
        normalised += '|';
    }
    box.digest = hash64(normalised);
    if (box.digest == 0) box.digest = 1; // 0 is the empty slot of FlatMap64
    result.ok = true;
    result.repaired = was_repaired;
    return result;
}

} // namespace esc::directory_sync
