#include <memory>

#include "crypto/encoding.hpp"
#include "storage/directory_import.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/directory_import_session.hpp"
#include "storage/sqlite/stores.hpp"
#include "storage/store.hpp"

namespace esc::storage {

const std::array<const char*, kFinessFieldCount>& finess_field_names() {
    static const std::array<const char*, kFinessFieldCount> names = {
        "nofinesset",      "nofinessej", "rs",          "rslongue",       "complrs",
        "compldistrib",    "numvoie",    "typvoie",     "voie",           "compvoie",
        "lieuditbp",       "commune",    "departement", "libdepartement", "ligneacheminement",
        "telephone",       "telecopie",  "categetab",   "libcategetab",   "categagretab",
        "libcategagretab", "siret",      "codeape",     "codemft",        "libmft",
        "codesph",         "libsph",     "dateouv",     "dateautor",      "maj",
        "numuai"};
    return names;
}

// Same rule as DirectoryStore::put_professional (storage/sqlite/directory_store.cpp): the
// national technical id when published, otherwise a local key ("L:" never starts a national id).
std::string structure_key(const domain::Activity& place) {
    if (!place.identifiantTechniqueDeLaStructure.empty()) return place.identifiantTechniqueDeLaStructure;
    if (!place.numeroFinessSite.empty()) return "L:F:" + place.numeroFinessSite;
    if (!place.numeroSiretSite.empty()) return "L:S:" + place.numeroSiretSite;
    std::string digest_input;
    bool any = false;
    for (const auto& [column, member] : kPlaceFields) {
        any = any || !(place.*member).empty();
        digest_input += place.*member;
        digest_input += '\x1f';
    }
    if (!any) return {};
    return "L:H:" + crypto::sha256_b64url(digest_input).substr(0, 22);
}

namespace sqlite {
namespace {

class SqliteDirectoryImportStore final : public DirectoryImportStore {
public:
    SqliteDirectoryImportStore(const std::string& path, int cache_mib) : path_(path) {
        if (sqlite3_open_v2(path.c_str(), &writer_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
            const std::string message = std::string("sqlite: cannot open ") + path + ": " + sqlite3_errmsg(writer_);
            sqlite3_close_v2(writer_);
            throw StorageError(message);
        }
        sqlite3_busy_timeout(writer_, 30000); // the idp's short writes finish well within this
        // The writer keeps referential integrity itself (parents may be written after their
        // children so that every insert stays an append; tests run PRAGMA foreign_key_check).
        // Its page cache is bounded so the import's memory does not grow with the directory.
        // synchronous=NORMAL in WAL mode: a crash or kill loses nothing committed (SQLite "WAL" §4).
        // threads=2: CREATE INDEX and the staged structures sort on both cores of the target machine.
        import_exec(writer_, "PRAGMA foreign_keys=OFF; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864;"
                             "PRAGMA threads=2;"
                             "PRAGMA cache_size=-" +
                                 std::to_string(cache_mib * 1024));
    }
    ~SqliteDirectoryImportStore() override { sqlite3_close_v2(writer_); }

    std::int64_t start_run(const std::string& inputs_json, domain::UnixTime now) override {
        reader().prepare("BEGIN IMMEDIATE").run();
        try {
            reader()
                .prepare("UPDATE directory_runs SET status = 'interrupted', message = 'process ended before commit' "
                         "WHERE status = 'running'")
                .run();
            auto stmt =
                reader().prepare("INSERT INTO directory_runs(started_at, status, inputs) VALUES (?, 'running', ?) "
                                 "RETURNING id");
            stmt.bind_all(now, inputs_json);
            stmt.step();
            const std::int64_t id = stmt.int64(0);
            stmt.run();
            reader().prepare("COMMIT").run();
            return id;
        } catch (...) {
            reader().prepare("ROLLBACK").run();
            throw;
        }
    }

    void close_run(std::int64_t run_id, const RunOutcome& outcome, domain::UnixTime now) override {
        reader()
            .prepare("UPDATE directory_runs SET status = ?, summary = ?, rows_accepted = ?, duration_ms = ?, "
                     "message = ?, finished_at = ? WHERE id = ?")
            .bind_all(outcome.status, outcome.summary_json, outcome.rows_accepted, outcome.duration_ms, outcome.message,
                      now, run_id)
            .run();
    }

    std::optional<std::int64_t> previous_rows() override {
        auto stmt =
            reader().prepare("SELECT rows_accepted FROM directory_runs WHERE status IN ('applied', 'unchanged') "
                             "ORDER BY id DESC LIMIT 1");
        if (!stmt.step()) return std::nullopt;
        return stmt.int64(0);
    }

    std::int64_t version() override {
        auto stmt = reader().prepare("SELECT value FROM directory_meta WHERE key = 'version'");
        if (!stmt.step()) throw StorageError("sqlite: directory_meta has no version row (schema not migrated?)");
        return stmt.int64(0);
    }

    std::int64_t professional_count() override {
        auto stmt = reader().prepare("SELECT COUNT(*) FROM professionals");
        stmt.step();
        return stmt.int64(0);
    }

    void scan_professionals(const ProfessionalDigestFn& fn) override {
        ReadTransaction snapshot(reader());
        auto stmt = reader().prepare("SELECT national_id, digest, active FROM professionals ORDER BY national_id");
        while (stmt.step())
            fn(stmt.text(0), static_cast<std::uint64_t>(stmt.int64(1)), stmt.int64(2) != 0);
    }

    void scan_structures(const KeyDigestFn& fn) override {
        ReadTransaction snapshot(reader());
        auto stmt = reader().prepare("SELECT structure_id, digest FROM structures ORDER BY structure_id");
        while (stmt.step())
            fn(stmt.text(0), static_cast<std::uint64_t>(stmt.int64(1)));
    }

    void scan_finess(const KeyDigestFn& fn) override {
        ReadTransaction snapshot(reader());
        auto stmt = reader().prepare("SELECT finess, digest FROM finess_establishments ORDER BY finess");
        while (stmt.step())
            fn(stmt.text(0), static_cast<std::uint64_t>(stmt.int64(1)));
    }

    void scan_mailboxes(const RowDigestFn& fn) override {
        ReadTransaction snapshot(reader());
        auto stmt = reader().prepare("SELECT id, digest FROM mssante_addresses ORDER BY id");
        while (stmt.step())
            fn(stmt.int64(0), static_cast<std::uint64_t>(stmt.int64(1)));
    }

    std::optional<FinessRecord> find_finess(const std::string& finess) override {
        auto stmt = reader().prepare(
            "SELECT finess, finess_juridique, raison_sociale, raison_sociale_longue, complement_raison_sociale, "
            "complement_distribution, numero_voie, type_voie, voie, complement_voie, lieudit_bp, commune, "
            "departement, libelle_departement, ligne_acheminement, telephone, telecopie, categorie, "
            "libelle_categorie, categorie_agregat, libelle_categorie_agregat, siret, code_ape, code_mft, "
            "libelle_mft, code_sph, libelle_sph, date_ouverture, date_autorisation, date_maj, numero_uai "
            "FROM finess_establishments WHERE finess = ?");
        stmt.bind_all(finess);
        if (!stmt.step()) return std::nullopt;
        FinessRecord record;
        for (std::size_t i = 0; i < kFinessFieldCount; ++i)
            record[i] = stmt.text(static_cast<int>(i));
        return record;
    }

    std::optional<MssanteMailbox> find_mailbox(std::int64_t row_id) override {
        auto stmt =
            reader().prepare("SELECT address, type, COALESCE(national_id, ''), COALESCE(structure_id, ''), digest "
                             "FROM mssante_addresses WHERE id = ?");
        stmt.bind_all(row_id);
        if (!stmt.step()) return std::nullopt;
        return MssanteMailbox{stmt.text(0), stmt.text(1), stmt.text(2), stmt.text(3),
                              static_cast<std::uint64_t>(stmt.int64(4))};
    }

    std::vector<std::pair<std::string, std::string>> overrides() override {
        std::vector<std::pair<std::string, std::string>> result;
        auto stmt = reader().prepare("SELECT national_id, field FROM local_overrides ORDER BY national_id, field");
        while (stmt.step())
            result.emplace_back(stmt.text(0), stmt.text(1));
        return result;
    }

    std::vector<RunRecord> runs(int limit) override {
        std::vector<RunRecord> result;
        auto stmt = reader().prepare("SELECT id, started_at, finished_at, status, inputs, summary, rows_accepted, "
                                     "duration_ms, message FROM directory_runs ORDER BY id DESC LIMIT ?");
        stmt.bind_all(limit);
        while (stmt.step())
            result.push_back(RunRecord{stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.text(3), stmt.text(4),
                                       stmt.text(5), stmt.int64(6), stmt.int64(7), stmt.text(8)});
        return result;
    }

    std::vector<DirectoryChange> changes_of(const std::string& national_id, int limit) override {
        std::vector<DirectoryChange> result;
        auto stmt = reader().prepare("SELECT entity, entity_key, national_id, action, fields, run_id, changed_at "
                                     "FROM directory_changes WHERE national_id = ? ORDER BY id DESC LIMIT ?");
        stmt.bind_all(national_id, limit);
        while (stmt.step())
            result.push_back(DirectoryChange{stmt.text(0), stmt.text(1), stmt.text(2), stmt.text(3), stmt.text(4),
                                             stmt.int64(5), stmt.int64(6)});
        return result;
    }

    std::unique_ptr<DirectoryImportSession> begin(std::int64_t run_id, bool bulk, domain::UnixTime now) override {
        if (bulk) { // the journal mode can only change while this is the file's only connection
            directory_.reset();
            pool_.reset();
            db_.reset();
        }
        return std::make_unique<SqliteImportSession>(writer_, run_id, bulk, now);
    }

    DirectoryStore& directory() override {
        if (!directory_) {
            pool_ = std::make_unique<ConnectionPool>(path_);
            directory_ = std::make_unique<SqliteDirectoryStore>(*pool_);
        }
        return *directory_;
    }

private:
    Connection& reader() {
        if (!db_) db_ = std::make_unique<Connection>(path_);
        return *db_;
    }

    std::string path_;
    std::unique_ptr<Connection> db_; // reads and run bookkeeping, reopened on demand
    std::unique_ptr<ConnectionPool> pool_;
    std::unique_ptr<SqliteDirectoryStore> directory_;
    sqlite3* writer_ = nullptr; // the import transaction (SQLITE_STATIC bindings, see import_statement.hpp)
};

} // namespace
} // namespace sqlite

std::unique_ptr<DirectoryImportStore> open_sqlite_directory_import(const std::string& path, int cache_mib) {
    return std::make_unique<sqlite::SqliteDirectoryImportStore>(path, cache_mib);
}

} // namespace esc::storage
