#pragma once
#include <memory>
#include <string>
#include <utility>

#include "storage/directory_import.hpp"
#include "storage/sqlite/import_statement.hpp"
#include "storage/structure_fields.hpp"

// Internal to the SQLite backend: the import transaction of directory_import_store.cpp.
namespace esc::storage::sqlite {

class SqliteImportSession final : public DirectoryImportSession {
public:
    // `db` is the import connection (foreign_keys off, bounded cache), owned by the store.
    SqliteImportSession(sqlite3* db, std::int64_t run_id, bool bulk, domain::UnixTime now);
    ~SqliteImportSession() override;

    void put_professional(const domain::Professional& professional, std::uint64_t digest, bool existed) override;
    void deactivate_professional(const std::string& national_id) override;
    void put_structure(const std::string& structure_id, const domain::Activity& place, std::uint64_t digest) override;
    void put_finess(const FinessRecord& record, std::uint64_t digest) override;
    void remove_finess(const std::string& finess) override;
    void add_mailbox(const MssanteMailbox& mailbox) override;
    void remove_mailbox(std::int64_t row_id) override;
    void journal(const DirectoryChange& change) override;
    void notice_override(const std::string& national_id, const std::string& field) override;
    void commit(const RunOutcome& outcome, bool changed) override;

private:
    void insert_exercice(const std::string& national_id, int position, const domain::Exercice& exercice);
    std::unique_ptr<ImportStatement> prepare(const std::string& sql) {
        return std::make_unique<ImportStatement>(db_, sql);
    }

    sqlite3* db_;
    std::int64_t run_id_;
    bool bulk_;
    domain::UnixTime now_;
    bool done_ = false;
    bool rollback_journal_ = false;     // bulk load written in rollback-journal mode
    std::int64_t next_exercice_id_ = 1; // ids assigned here: inserts stay appends, no RETURNING
    std::int64_t next_activity_id_ = 1;
    std::unique_ptr<ImportStatement> delete_activities_, delete_exercices_, put_professional_, insert_exercice_,
        insert_activity_, deactivate_, put_structure_, put_finess_, remove_finess_, add_mailbox_, remove_mailbox_,
        journal_, notice_;
};

} // namespace esc::storage::sqlite
