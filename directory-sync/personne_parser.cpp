#include "personne_parser.hpp"

#include <cstring>

#include "text.hpp"

namespace esc::directory_sync {
namespace {

constexpr std::size_t kLabel = PersonneHeader::npos - 1; // a known column that is not stored

struct HeaderName {
    const char* name;
    std::size_t col; // Col index or kLabel
};

constexpr std::size_t c(Col col) {
    return static_cast<std::size_t>(col);
}

// Published header names (annuaire-formats.md §2.1 and §2.2).
constexpr HeaderName kHeaderNames[] = {
    {"Type d'identifiant PP", c(Col::TypeId)},
    {"Identifiant PP", c(Col::Identifiant)},
    {"Identification nationale PP", c(Col::NationalId)},
    {"Code civilité d'exercice", c(Col::CodeCiviliteExercice)},
    {"Libellé civilité d'exercice", kLabel},
    {"Code civilité", c(Col::CodeCivilite)},
    {"Libellé civilité", kLabel},
    {"Nom d'exercice", c(Col::Nom)},
    {"Prénom d'exercice", c(Col::Prenom)},
    {"Code profession", c(Col::CodeProfession)},
    {"Libellé profession", kLabel},
    {"Code catégorie professionnelle", c(Col::CodeCategorie)},
    {"Libellé catégorie professionnelle", kLabel},
    {"Code type savoir-faire", c(Col::CodeTypeSavoirFaire)},
    {"Libellé type savoir-faire", kLabel},
    {"Code savoir-faire", c(Col::CodeSavoirFaire)},
    {"Libellé savoir-faire", kLabel},
    {"Code mode exercice", c(Col::CodeModeExercice)},
    {"Libellé mode exercice", kLabel},
    {"Numéro SIRET site", c(Col::Siret)},
    {"Numéro SIREN site", c(Col::Siren)},
    {"Numéro FINESS site", c(Col::FinessSite)},
    {"Numéro FINESS établissement juridique", c(Col::FinessJuridique)},
    {"Identifiant technique de la structure", c(Col::IdTechnique)},
    {"Raison sociale site", c(Col::RaisonSociale)},
    {"Enseigne commerciale site", c(Col::Enseigne)},
    {"Complément destinataire (coord. structure)", c(Col::ComplementDestinataire)},
    {"Complément point géographique (coord. structure)", c(Col::ComplementPointGeo)},
    {"Numéro Voie (coord. structure)", c(Col::NumeroVoie)},
    {"Indice répétition voie (coord. structure)", c(Col::IndiceRepetition)},
    {"Code type de voie (coord. structure)", c(Col::CodeTypeVoie)},
    {"Libellé type de voie (coord. structure)", kLabel},
    {"Libellé Voie (coord. structure)", c(Col::LibelleVoie)},
    {"Mention distribution (coord. structure)", c(Col::MentionDistribution)},
    {"Bureau cedex (coord. structure)", c(Col::BureauCedex)},
    {"Code postal (coord. structure)", c(Col::CodePostal)},
    {"Code commune (coord. structure)", c(Col::CodeCommune)},
    {"Libellé commune (coord. structure)", c(Col::LibelleCommune)},
    {"Code pays (coord. structure)", c(Col::CodePays)},
    {"Libellé pays (coord. structure)", kLabel},
    {"Téléphone (coord. structure)", c(Col::Telephone)},
    {"Téléphone 2 (coord. structure)", c(Col::Telephone2)},
    {"Télécopie (coord. structure)", c(Col::Telecopie)},
    {"Adresse e-mail (coord. structure)", c(Col::Email)},
    {"Code Département (structure)", c(Col::CodeDepartement)},
    {"Libellé Département (structure)", kLabel},
    {"Ancien identifiant de la structure", c(Col::AncienIdentifiant)},
    {"Autorité d'enregistrement", c(Col::AutoriteEnregistrement)},
    {"Code secteur d'activité", c(Col::CodeSecteur)},
    {"Libellé secteur d'activité", kLabel},
    {"Code section tableau pharmaciens", c(Col::CodeSectionPharmacien)},
    {"Libellé section tableau pharmaciens", kLabel},
    {"Code rôle", c(Col::CodeRole)},
    {"Libellé rôle", kLabel},
    {"Code genre activité", c(Col::CodeGenre)},
    {"Libellé genre activité", kLabel},
};

bool required(Col col, FileKind kind) {
    if (kind == FileKind::SavoirFaire) {
        switch (col) {
        case Col::TypeId:
        case Col::Identifiant:
        case Col::NationalId:
        case Col::CodeProfession:
        case Col::CodeTypeSavoirFaire:
        case Col::CodeSavoirFaire:
            return true;
        default:
            return false;
        }
    }
    return col != Col::CodeRole && col != Col::CodeGenre; // absent from the 52-column files
}

const char* name_of(Col col) {
    for (const auto& entry : kHeaderNames)
        if (entry.col == c(col)) return entry.name;
    return "?";
}

} // namespace

void split_pipe(std::string_view line, std::vector<std::string_view>& out) {
    out.clear();
    std::size_t start = 0;
    while (true) {
        const std::size_t bar = line.find('|', start);
        if (bar == std::string_view::npos) {
            out.push_back(line.substr(start));
            return;
        }
        out.push_back(line.substr(start, bar - start));
        start = bar + 1;
    }
}

std::optional<PersonneHeader> PersonneHeader::parse(std::string_view line, FileKind kind, std::string& error) {
    PersonneHeader header;
    line = strip_cr(line);
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3); // UTF-8 BOM
    std::string decoded;
    if (!is_valid_utf8(line)) {
        header.cp1252_ = true;
        append_cp1252_as_utf8(line, decoded);
        line = decoded;
    }
    std::vector<std::string_view> names;
    split_pipe(line, names);
    header.trailing_ = names.size() > 1 && names.back().empty();
    if (header.trailing_) names.pop_back();
    header.position_.fill(npos);
    header.columns_ = names.size();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const HeaderName* found = nullptr;
        for (const auto& entry : kHeaderNames)
            if (names[i] == entry.name) found = &entry;
        if (!found) {
            error = "unknown column '" + std::string(names[i]) + "' (column " + std::to_string(i + 1) +
                    " of the header): the extraction format changed, refusing to guess";
            return std::nullopt;
        }
        if (found->col != kLabel) header.position_[found->col] = i;
    }
    for (std::size_t col = 0; col < kColCount; ++col) {
        if (header.position_[col] == npos && required(static_cast<Col>(col), kind)) {
            error = "missing required column '" + std::string(name_of(static_cast<Col>(col))) + "'";
            return std::nullopt;
        }
    }
    header.col_of_.assign(header.columns_, npos);
    for (std::size_t col = 0; col < kColCount; ++col)
        if (header.position_[col] != npos) header.col_of_[header.position_[col]] = col;
    return header;
}

ParseOutcome parse_personne_line(std::string_view line, const PersonneHeader& header, std::string& buffer,
                                 PersonneRow& row) {
    ParseOutcome outcome;
    line = strip_cr(line);
    if (header.cp1252()) {
        buffer.clear();
        if (!append_cp1252_as_utf8(line, buffer))
            return {false, false, "invalid_encoding", "byte undefined in Windows-1252"};
        line = buffer;
    } else if (!is_valid_utf8(line)) {
        if (!repair_cp1252(line, buffer)) return {false, false, "invalid_utf8", "not UTF-8 nor Windows-1252 text"};
        line = buffer;
        outcome.repaired = true;
    }
    const auto& col_of = header.col_of();
    row.fields.fill({});
    std::size_t count = 0;
    std::size_t start = 0;
    bool trailing_empty = false;
    while (true) {
        const std::size_t bar = line.find('|', start);
        const std::string_view field = line.substr(start, bar == std::string_view::npos ? line.npos : bar - start);
        if (field.size() > kMaxFieldBytes)
            return {false, false, "overlong_field",
                    "column " + std::to_string(count + 1) + " is " + std::to_string(field.size()) + " bytes"};
        if (count < col_of.size() && col_of[count] != PersonneHeader::npos) row.fields[col_of[count]] = field;
        ++count;
        if (bar == std::string_view::npos) {
            trailing_empty = field.empty();
            break;
        }
        start = bar + 1;
    }
    const bool with_trailing = count == header.columns() + 1 && trailing_empty;
    if (!(with_trailing || (count == header.columns() && !header.trailing_delimiter())))
        return {false, false, "column_count",
                std::to_string(count - (trailing_empty ? 1 : 0)) + " columns instead of " +
                    std::to_string(header.columns())};
    const std::string reason =
        check_national_id(row.get(Col::TypeId), row.get(Col::Identifiant), row.get(Col::NationalId));
    if (!reason.empty())
        return {false, false, reason, "Identification nationale PP '" + std::string(row.get(Col::NationalId)) + "'"};
    outcome.ok = true;
    return outcome;
}

void split_accepted_line(std::string_view line, const PersonneHeader& header, bool repaired, std::string& buffer,
                         PersonneRow& row) {
    line = strip_cr(line);
    if (header.cp1252()) {
        buffer.clear();
        append_cp1252_as_utf8(line, buffer);
        line = buffer;
    } else if (repaired) {
        repair_cp1252(line, buffer);
        line = buffer;
    }
    const auto& col_of = header.col_of();
    row.fields.fill({});
    std::size_t start = 0;
    for (std::size_t count = 0; count < col_of.size(); ++count) {
        const std::size_t bar = line.find('|', start);
        if (col_of[count] != PersonneHeader::npos)
            row.fields[col_of[count]] = line.substr(start, bar == std::string_view::npos ? line.npos : bar - start);
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
}

} // namespace esc::directory_sync
