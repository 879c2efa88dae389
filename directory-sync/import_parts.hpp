#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "flat_map.hpp"
#include "input_file.hpp"
#include "personne_parser.hpp"
#include "professional_builder.hpp"
#include "report.hpp"
#include "storage/directory_import.hpp"
#include "storage/store.hpp"

// Internal steps of run_import (importer.cpp), one per input kind.
namespace esc::directory_sync {

// A refused run: the message is shown and recorded, nothing is applied.
struct Refusal : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---- Personne_activite -------------------------------------------------------------------
// One accepted line, 24 bytes: the whole index of a national file (2.4 M lines) is ~57 MB.
struct LineRef {
    std::uint64_t key;      // national_key of the professional
    std::uint64_t row_hash; // of the stored fields (labels excluded, so nomenclature wording changes cost nothing)
    std::uint64_t packed;   // offset (40 bits) | length (23 bits) | repaired (1 bit)
    std::uint64_t offset() const { return packed >> 24; }
    std::uint32_t length() const { return static_cast<std::uint32_t>((packed >> 1) & 0x7FFFFF); }
    bool repaired() const { return packed & 1; }
};

struct PersonneIndex {
    PersonneHeader header;
    std::vector<LineRef> lines; // accepted lines, sorted by (key, offset) after pass 1
    std::uint64_t data_lines = 0, rejected = 0, repaired = 0, duplicates = 0;
    // Places whose fields differ from the stored structure (hash of structure key -> kPlaceAdded
    // or kPlaceChanged), and the professionals whose rows supply them.
    FlatMap64 places_to_write{1024};
    std::vector<std::uint64_t> place_suppliers;
    std::uint64_t places_added = 0, places_changed = 0;
};
constexpr std::uint64_t kPlaceAdded = 1, kPlaceWritten = 2, kPlaceChanged = 3;
std::uint64_t place_hash(const std::string& structure_key);

// Pass 1: validates every line sequentially, writes rejects, drops exact duplicates of an
// adjacent line, indexes accepted lines and compares places with `stored_places` (hash of
// structure key -> digest).
PersonneIndex index_personne(InputFile& file, const std::string& label, const FlatMap64& stored_places,
                             Rejects& rejects, Progress& progress);
SavoirFaireIndex load_savoir_faire(InputFile& file, const std::string& label, Rejects& rejects, nlohmann::json& stats);

// Index past the group of equal keys starting at `start`.
std::size_t group_end(const PersonneIndex& index, std::size_t start);
// Digest of a professional from its line hashes (order and duplicates do not matter) and the
// specialties published for it.
std::uint64_t group_digest(const PersonneIndex& index, std::size_t start, std::size_t end,
                           const SavoirFaireIndex* savoir_faire, std::uint64_t* distinct_rows);

// Reads one professional's lines (a group of equal keys) back from the text file and splits them.
class GroupReader {
public:
    GroupReader(InputFile& file, const PersonneIndex& index) : file_(file), index_(index) {}
    // Fills `rows` with the group starting at `start`; returns the index past the group.
    std::size_t read(std::size_t start, std::vector<PersonneRow>& rows, const std::string& label);

private:
    InputFile& file_;
    const PersonneIndex& index_;
    std::string span_;
    std::vector<std::string> lines_, repairs_;
    std::vector<std::string_view> texts_;
};

enum class Action : std::uint8_t { Added, Changed, Reactivated };

struct PersonnePlan {
    std::vector<std::uint32_t> groups;  // start index (into lines) of the groups to apply
    std::vector<Action> actions;        // parallel to groups
    std::vector<std::uint64_t> digests; // parallel
    std::vector<std::string> fields;    // parallel: journal fields
    std::vector<std::string> removed;   // active professionals absent from the file
    bool initial_load = false;          // the store held no professional: everything is added
    std::uint64_t distinct_rows = 0, professionals = 0, unchanged = 0;
};

// Phase A (read-only): digests of every professional against the store; reads back from the
// file only the professionals that changed (for the journal's field list).
PersonnePlan diff_personne(InputFile& file, PersonneIndex& index, const SavoirFaireIndex* savoir_faire,
                           storage::DirectoryImportStore& store, storage::DirectoryStore& directory,
                           const std::string& label, Progress& progress);
// Plan of an initial load: everything is added, nothing read back.
PersonnePlan plan_initial_load(const PersonneIndex& index);

// Phase B: writes the planned professionals and places; returns counts for the summary.
nlohmann::json apply_personne(InputFile& file, PersonneIndex& index, const SavoirFaireIndex* savoir_faire,
                              PersonnePlan& plan, storage::DirectoryImportSession& session,
                              const std::multimap<std::string, std::string>& overrides, const std::string& label,
                              Progress& progress);

// ---- FINESS and MSSanté ------------------------------------------------------------------
struct FinessPlan {
    std::unordered_map<std::string, std::uint64_t> stored; // finess -> digest
    std::unordered_map<std::string, std::string> to_put;   // finess -> "added" or changed fields
    std::vector<std::string> removed;
    std::uint64_t records = 0, rejected = 0, other = 0, data_lines = 0;
};
FinessPlan diff_finess(InputFile& file, const std::string& label, storage::DirectoryImportStore& store,
                       Rejects& rejects);
void apply_finess(InputFile& file, const FinessPlan& plan, storage::DirectoryImportSession& session, bool journal);

struct MssantePlan {
    std::vector<std::pair<std::uint64_t, std::int64_t>> stored; // (digest, row id) sorted by digest
    std::vector<bool> kept;                                     // parallel to stored
    FlatMap64 to_add{1024};                                     // digests of new lines -> 1
    std::vector<std::int64_t> removed_rows;
    std::unordered_map<std::string, std::string> removed; // address -> national id
    std::unordered_set<std::string> added_addresses;      // filled on apply
    std::uint64_t lines = 0, rejected = 0, duplicates = 0, repaired = 0, changed = 0;
};
MssantePlan diff_mssante(InputFile& file, const std::string& label, storage::DirectoryImportStore& store,
                         Rejects& rejects);
void apply_mssante(InputFile& file, MssantePlan& plan, storage::DirectoryImportSession& session, bool journal);
std::uint64_t mssante_changed_count(InputFile& file, const MssantePlan& plan);

} // namespace esc::directory_sync
