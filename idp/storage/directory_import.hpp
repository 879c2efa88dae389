#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/professional.hpp"
#include "domain/time.hpp"
#include "storage/store.hpp"

// Bulk import path of the national directory (directory-sync): digests for diffing, one write
// transaction for applying, the change journal and the run history. SQL stays in the backend
// (storage/sqlite/directory_import_store.cpp); the idp reads the result through DirectoryStore.
namespace esc::storage {

// A FINESS `structureet` record (DREES etalab cs1100502), fields 2..32 in file order: nofinesset,
// nofinessej, rs, rslongue, complrs, compldistrib, numvoie, typvoie, voie, compvoie, lieuditbp,
// commune, departement, libdepartement, ligneacheminement, telephone, telecopie, categetab,
// libcategetab, categagretab, libcategagretab, siret, codeape, codemft, libmft, codesph, libsph,
// dateouv, dateautor, maj, numuai.
constexpr std::size_t kFinessFieldCount = 31;
using FinessRecord = std::array<std::string, kFinessFieldCount>;
// The FINESS field names as published (journal `fields`), in the order of FinessRecord.
const std::array<const char*, kFinessFieldCount>& finess_field_names();

// One MSSanté mailbox line (Extraction_Correspondance_MSSante).
struct MssanteMailbox {
    std::string address;
    std::string type;         // PER | ORG
    std::string national_id;  // PER: Identification nationale PP
    std::string structure_id; // Identification Structure
    std::uint64_t digest = 0; // of the whole normalised line
};

// One journal entry (table directory_changes).
struct DirectoryChange {
    std::string entity;      // professional | structure | finess | mssante
    std::string key;         // national id, structure id, FINESS number or address
    std::string national_id; // professional concerned, if any
    std::string action;      // added | removed | changed | reactivated
    std::string fields;      // comma-separated field names that changed
    std::int64_t run_id = 0;
    domain::UnixTime at = 0;
};

// The final state of a run (table directory_runs).
struct RunOutcome {
    std::string status;       // applied | unchanged | refused | failed | dry-run
    std::string summary_json; // counts, as printed by `--json`
    std::int64_t rows_accepted = 0;
    std::int64_t duration_ms = 0;
    std::string message;
};

struct RunRecord {
    std::int64_t id = 0;
    domain::UnixTime started_at = 0;
    domain::UnixTime finished_at = 0;
    std::string status;
    std::string inputs_json;
    std::string summary_json;
    std::int64_t rows_accepted = 0;
    std::int64_t duration_ms = 0;
    std::string message;
};

// One write transaction (BEGIN IMMEDIATE): nothing is visible to the idp before commit(), and a
// crash or kill before it leaves the previous state intact (SQLite rolls the WAL tail back).
class DirectoryImportSession {
public:
    virtual ~DirectoryImportSession() = default;
    // Replaces the national rows (practices, activities) of a professional, marks it active and
    // stores its digest. `existed`: the professional is already in the store (its old practices
    // are deleted first). Structures are written with put_structure; activities refer to them
    // by structure_key().
    virtual void put_professional(const domain::Professional& professional, std::uint64_t digest, bool existed) = 0;
    // A professional absent from the extraction: kept (accounts may point to it), flagged inactive.
    virtual void deactivate_professional(const std::string& national_id) = 0;
    virtual void put_structure(const std::string& structure_id, const domain::Activity& place,
                               std::uint64_t digest) = 0;
    virtual void put_finess(const FinessRecord& record, std::uint64_t digest) = 0;
    virtual void remove_finess(const std::string& finess) = 0;
    virtual void add_mailbox(const MssanteMailbox& mailbox) = 0;
    virtual void remove_mailbox(std::int64_t row_id) = 0;
    virtual void journal(const DirectoryChange& change) = 0;
    // A national value changed under a local override (local_overrides itself is never written).
    virtual void notice_override(const std::string& national_id, const std::string& field) = 0;
    // Records the run outcome, bumps the directory version when `changed`, and commits.
    virtual void commit(const RunOutcome& outcome, bool changed) = 0;
};

class DirectoryImportStore {
public:
    virtual ~DirectoryImportStore() = default;
    // Records a 'running' run in its own transaction (closing any stale 'running' row as
    // 'interrupted': the caller holds the import lock) and returns its id.
    virtual std::int64_t start_run(const std::string& inputs_json, domain::UnixTime now) = 0;
    // Final state of a run that applied nothing (refused, failed, dry-run), in its own transaction.
    virtual void close_run(std::int64_t run_id, const RunOutcome& outcome, domain::UnixTime now) = 0;
    // rows_accepted of the last applied or unchanged run, if any (row-count band check).
    virtual std::optional<std::int64_t> previous_rows() = 0;
    virtual std::int64_t version() = 0;
    virtual std::int64_t professional_count() = 0;

    // Digest scans, each in national key order, from one committed snapshot per call.
    using ProfessionalDigestFn = std::function<void(std::string_view national_id, std::uint64_t digest, bool active)>;
    using KeyDigestFn = std::function<void(std::string_view key, std::uint64_t digest)>;
    using RowDigestFn = std::function<void(std::int64_t row_id, std::uint64_t digest)>;
    virtual void scan_professionals(const ProfessionalDigestFn& fn) = 0;
    virtual void scan_structures(const KeyDigestFn& fn) = 0;
    virtual void scan_finess(const KeyDigestFn& fn) = 0;
    virtual void scan_mailboxes(const RowDigestFn& fn) = 0;

    virtual std::optional<FinessRecord> find_finess(const std::string& finess) = 0;
    virtual std::optional<MssanteMailbox> find_mailbox(std::int64_t row_id) = 0;
    // (national_id, field) pairs of local_overrides.
    virtual std::vector<std::pair<std::string, std::string>> overrides() = 0;
    virtual std::vector<RunRecord> runs(int limit) = 0;
    // The idp's read path over the same file (old state of changed professionals, `show`).
    virtual DirectoryStore& directory() = 0;
    virtual std::vector<DirectoryChange> changes_of(const std::string& national_id, int limit) = 0;

    // Opens the import transaction. `bulk` (initial load of an empty directory) drops the secondary
    // indexes that random-order inserts would thrash and rebuilds them at commit; when no other
    // connection has the file open it also writes in rollback-journal mode, so the new pages are
    // written once instead of to the WAL and again at checkpoint (WAL is restored afterwards). A
    // bulk session fails if the directory is no longer empty.
    virtual std::unique_ptr<DirectoryImportSession> begin(std::int64_t run_id, bool bulk, domain::UnixTime now) = 0;
};

// The key under which an activity's place is stored in `structures` (same rule as
// DirectoryStore::put_professional): the published technical id, else a local "L:" key.
std::string structure_key(const domain::Activity& place);

// Opens the SQLite database at `path` (already migrated) for importing. `cache_mib` bounds the
// page cache of the import connection.
std::unique_ptr<DirectoryImportStore> open_sqlite_directory_import(const std::string& path, int cache_mib = 48);

} // namespace esc::storage
