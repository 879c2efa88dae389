#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/professional.hpp"
#include "personne_parser.hpp"

// Turns the accepted rows of one professional into the stored model (one practice per
// profession, one activity per place), in a canonical order so that the same rows in any order
// give the same model and the same digest.
namespace esc::directory_sync {

// Specialties from PS_LibreAcces_SavoirFaire, used when a practice's row carries none
// (older extractions). Compact: one sorted array, looked up by professional and profession.
class SavoirFaireIndex {
public:
    // Returns false when a code is too long to be a published code (the row is rejected).
    bool add(std::uint64_t national_key, std::string_view profession, std::string_view type, std::string_view code);
    void seal(); // sorts; call once after the last add
    // (type, code) for this professional and profession, or nullptr.
    const std::pair<std::string, std::string>* find(std::uint64_t national_key, std::string_view profession) const;
    std::size_t size() const { return entries_.size(); }
    // Digest of every specialty published for this professional (0 when none).
    std::uint64_t digest_for(std::uint64_t national_key) const;

private:
    struct Entry {
        std::uint64_t key;
        char profession[4];
        char type[6];
        char code[10];
    };
    std::vector<Entry> entries_;
    mutable std::pair<std::string, std::string> found_;
};

// `rows` are the professional's accepted rows (at least one; reordered in place, rows with equal
// stored fields merged).
domain::Professional build_professional(std::vector<PersonneRow>& rows, const SavoirFaireIndex* savoir_faire);
// The same into `out`, reusing its strings and vectors.
void build_professional(std::vector<PersonneRow>& rows, const SavoirFaireIndex* savoir_faire,
                        domain::Professional& out);

// Hash of the fields of a row that Esculape stores (labels excluded).
std::uint64_t row_hash(const PersonneRow& row);
// Digest of an activity's place (structure) fields; place_digest(make_activity(row)) ==
// place_digest(row).
std::uint64_t place_digest(const domain::Activity& place);
std::uint64_t place_digest(const PersonneRow& row);
// The structures key of the row's place (storage::structure_key), "" when it names no place.
std::string place_key(const PersonneRow& row);
domain::Activity make_activity(const PersonneRow& row);

// Journal field names whose national value differs between two states of a professional:
// civilite, name, civilite_exercice, profession, categorie, savoir_faire, activities, structures.
std::vector<std::string> changed_fields(const domain::Professional& before, const domain::Professional& after);
std::string join_fields(const std::vector<std::string>& fields);

} // namespace esc::directory_sync
