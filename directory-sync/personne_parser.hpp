#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Parser of PS_LibreAcces_Personne_activite (and SavoirFaire) lines: `|`-separated, header
// line, trailing `|`, no quoting (annuaire-formats.md §2, §2.1). Columns are mapped by header
// name, so the 52-column extractions (no rôle / genre activité) read the same way.
namespace esc::directory_sync {

// The columns Esculape reads, by meaning. Labels (Libellé ...) are known but not stored.
enum class Col : std::size_t {
    TypeId,
    Identifiant,
    NationalId,
    CodeCiviliteExercice,
    CodeCivilite,
    Nom,
    Prenom,
    CodeProfession,
    CodeCategorie,
    CodeTypeSavoirFaire,
    CodeSavoirFaire,
    CodeModeExercice,
    Siret,
    Siren,
    FinessSite,
    FinessJuridique,
    IdTechnique,
    RaisonSociale,
    Enseigne,
    ComplementDestinataire,
    ComplementPointGeo,
    NumeroVoie,
    IndiceRepetition,
    CodeTypeVoie,
    LibelleVoie,
    MentionDistribution,
    BureauCedex,
    CodePostal,
    CodeCommune,
    LibelleCommune,
    CodePays,
    Telephone,
    Telephone2,
    Telecopie,
    Email,
    CodeDepartement,
    AncienIdentifiant,
    AutoriteEnregistrement,
    CodeSecteur,
    CodeSectionPharmacien,
    CodeRole,
    CodeGenre,
    Count
};
constexpr std::size_t kColCount = static_cast<std::size_t>(Col::Count);
// Longest field accepted, in bytes: published values are short codes and labels (FINESS `rs`
// is at most 38 characters); a 5,000-byte field is a broken line, not data.
constexpr std::size_t kMaxFieldBytes = 512;

enum class FileKind { PersonneActivite, SavoirFaire };

// The header of one file: which physical column holds each Col (npos when absent: rôle and
// genre in 52-column files), and the encoding the header revealed.
class PersonneHeader {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // Maps the header line; on error returns nullopt and sets `error` to a message naming the
    // unknown or missing column.
    static std::optional<PersonneHeader> parse(std::string_view line, FileKind kind, std::string& error);

    std::size_t columns() const { return columns_; }
    std::size_t position(Col col) const { return position_[static_cast<std::size_t>(col)]; }
    bool cp1252() const { return cp1252_; } // the whole file is Windows-1252 (header not UTF-8)
    // The header ended with '|': every data line must too (a line with one column missing
    // would otherwise pass for a line without its trailing delimiter).
    bool trailing_delimiter() const { return trailing_; }
    // Physical column -> Col index (npos for labels).
    const std::vector<std::size_t>& col_of() const { return col_of_; }

private:
    std::array<std::size_t, kColCount> position_{};
    std::vector<std::size_t> col_of_;
    std::size_t columns_ = 0;
    bool cp1252_ = false;
    bool trailing_ = false;
};

// One accepted row: the fields Esculape reads, as views into the line or into the parser's
// repair buffer (valid until the next parse call with the same buffer).
struct PersonneRow {
    std::array<std::string_view, kColCount> fields{};
    std::string_view get(Col col) const { return fields[static_cast<std::size_t>(col)]; }
};

struct ParseOutcome {
    bool ok = false;
    bool repaired = false; // invalid UTF-8 repaired from Windows-1252
    std::string reason;    // reject reason code when !ok
    std::string detail;    // human-readable detail
};

// Splits and validates one data line (without its '\n'). `buffer` receives the UTF-8 text of a
// repaired or Windows-1252 line. Checks: encoding, column count (trailing '|' tolerated, not
// required), overlong fields, national identifier (text.hpp check_national_id).
ParseOutcome parse_personne_line(std::string_view line, const PersonneHeader& header, std::string& buffer,
                                 PersonneRow& row);
// Re-reads a line that parse_personne_line accepted before: only splits (and repairs the
// encoding when `repaired`), without validating again.
void split_accepted_line(std::string_view line, const PersonneHeader& header, bool repaired, std::string& buffer,
                         PersonneRow& row);

// Splits on '|' into `out` (cleared first); never allocates beyond `out`'s growth.
void split_pipe(std::string_view line, std::vector<std::string_view>& out);

} // namespace esc::directory_sync
