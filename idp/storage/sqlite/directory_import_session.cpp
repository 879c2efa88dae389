#include "storage/sqlite/directory_import_session.hpp"

#include "storage/store.hpp"

#include <iterator>

namespace esc::storage::sqlite {

using domain::Activity;

namespace {

// Secondary indexes whose keys arrive in random order during a bulk import: dropped at begin and
// rebuilt (one sort each) before commit, inside the same transaction.
struct BulkIndex {
    const char* drop;
    const char* create;
};
constexpr BulkIndex kBulkIndexes[] = {
    {"DROP INDEX IF EXISTS activities_by_structure",
     "CREATE INDEX activities_by_structure ON activities(structure_id)"},
    {"DROP INDEX IF EXISTS structures_by_finess",
     "CREATE INDEX structures_by_finess ON structures(finess_site) WHERE finess_site <> ''"},
    {"DROP INDEX IF EXISTS structures_by_siret",
     "CREATE INDEX structures_by_siret ON structures(siret) WHERE siret <> ''"},
    {"DROP INDEX IF EXISTS mssante_by_address", "CREATE INDEX mssante_by_address ON mssante_addresses(address)"},
    {"DROP INDEX IF EXISTS mssante_by_professional",
     "CREATE INDEX mssante_by_professional ON mssante_addresses(national_id) WHERE national_id IS NOT NULL"},
};

std::string structure_upsert_sql() {
    std::string columns = "structure_id";
    std::string values = "?";
    std::string updates = "updated_at = excluded.updated_at, digest = excluded.digest";
    for (const auto& [column, member] : kPlaceFields) {
        columns += ", " + std::string(column);
        values += ", ?";
        updates += ", " + std::string(column) + " = excluded." + column;
    }
    return "INSERT INTO structures(" + columns + ", updated_at, digest) VALUES (" + values +
           ", ?, ?) ON CONFLICT(structure_id) DO UPDATE SET " + updates;
}

std::string finess_upsert_sql() {
    static const char* const kColumns[] = {"finess",
                                           "finess_juridique",
                                           "raison_sociale",
                                           "raison_sociale_longue",
                                           "complement_raison_sociale",
                                           "complement_distribution",
                                           "numero_voie",
                                           "type_voie",
                                           "voie",
                                           "complement_voie",
                                           "lieudit_bp",
                                           "commune",
                                           "departement",
                                           "libelle_departement",
                                           "ligne_acheminement",
                                           "telephone",
                                           "telecopie",
                                           "categorie",
                                           "libelle_categorie",
                                           "categorie_agregat",
                                           "libelle_categorie_agregat",
                                           "siret",
                                           "code_ape",
                                           "code_mft",
                                           "libelle_mft",
                                           "code_sph",
                                           "libelle_sph",
                                           "date_ouverture",
                                           "date_autorisation",
                                           "date_maj",
                                           "numero_uai"};
    static_assert(std::size(kColumns) == kFinessFieldCount);
    std::string columns = "digest", values = "?", updates = "digest = excluded.digest";
    for (const char* column : kColumns) {
        columns += std::string(", ") + column;
        values += ", ?";
        if (std::string_view(column) != "finess") updates += std::string(", ") + column + " = excluded." + column;
    }
    return "INSERT INTO finess_establishments(" + columns + ") VALUES (" + values +
           ") ON CONFLICT(finess) DO UPDATE SET " + updates;
}

std::int64_t single_int(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) throw StorageError(sqlite3_errmsg(db));
    sqlite3_step(stmt);
    const std::int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

std::int64_t next_id(sqlite3* db, const char* table) {
    return single_int(db, std::string("SELECT COALESCE(MAX(id), 0) + 1 FROM ") + table);
}

// A bulk import stages structures in a temporary table (appends) and moves them into
// `structures` in key order at commit: 700,000 random-order inserts into a WITHOUT ROWID
// B-tree larger than the page cache would otherwise dominate the run.
std::string staging_sql() {
    std::string columns;
    for (const auto& [column, member] : kPlaceFields)
        columns += std::string(", ") + column + " TEXT";
    return "CREATE TEMP TABLE IF NOT EXISTS import_structures(structure_id TEXT" + columns +
           ", digest INTEGER); DELETE FROM temp.import_structures;";
}

std::string place_columns() {
    std::string columns = "structure_id";
    for (const auto& [column, member] : kPlaceFields)
        columns += std::string(", ") + column;
    return columns;
}

std::string unstage_sql(domain::UnixTime now) {
    const std::string upsert = structure_upsert_sql();
    const std::string columns = place_columns();
    return "INSERT INTO structures(" + columns + ", updated_at, digest) SELECT " + columns + ", " +
           std::to_string(now) + ", digest FROM temp.import_structures WHERE true ORDER BY structure_id" +
           upsert.substr(upsert.find(" ON CONFLICT")) + "; DROP TABLE temp.import_structures;";
}

} // namespace

std::string journal_mode(sqlite3* db, const char* mode) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = std::string("PRAGMA journal_mode=") + mode;
    std::string result;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return result;
}

SqliteImportSession::SqliteImportSession(sqlite3* db, std::int64_t run_id, bool bulk, domain::UnixTime now)
    : db_(db), run_id_(run_id), bulk_(bulk), now_(now) {
    if (bulk_) {
        import_exec(db_, staging_sql());
        // Refused (stays "wal") while another connection, e.g. a running idp, has the file open.
        rollback_journal_ = journal_mode(db_, "DELETE") == "delete";
    }
    import_exec(db_, "BEGIN IMMEDIATE");
    try {
        if (bulk_ && single_int(db_, "SELECT COUNT(*) FROM professionals") != 0)
            throw StorageError("the directory is no longer empty: another import ran meanwhile; rerun");
        next_exercice_id_ = next_id(db_, "exercices");
        next_activity_id_ = next_id(db_, "activities");
        if (bulk_)
            for (const auto& index : kBulkIndexes)
                import_exec(db_, index.drop);
        delete_activities_ =
            prepare("DELETE FROM activities WHERE exercice_id IN (SELECT id FROM exercices WHERE national_id = ?)");
        delete_exercices_ = prepare("DELETE FROM exercices WHERE national_id = ?");
        std::string insert_professional =
            "INSERT INTO professionals(national_id, id_type, identifier, civilite, family_name, given_name, active, "
            "updated_at, digest) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)";
        if (!bulk_)
            insert_professional += " ON CONFLICT(national_id) DO UPDATE SET id_type = excluded.id_type, "
                                   "identifier = excluded.identifier, civilite = excluded.civilite, family_name = "
                                   "excluded.family_name, given_name = excluded.given_name, active = 1, "
                                   "updated_at = excluded.updated_at, digest = excluded.digest";
        put_professional_ = prepare(insert_professional);
        insert_exercice_ = prepare(
            "INSERT INTO exercices(id, national_id, position, code_profession, code_categorie, code_civilite_exercice, "
            "nom_exercice, prenom_exercice, code_type_savoir_faire, code_savoir_faire) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert_activity_ =
            prepare("INSERT INTO activities(id, exercice_id, position, structure_id, code_mode_exercice, "
                    "code_secteur_activite, code_section_pharmacien, code_role, code_genre_activite, "
                    "autorite_enregistrement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        deactivate_ = prepare("UPDATE professionals SET active = 0, updated_at = ? WHERE national_id = ?");
        std::string marks;
        for (std::size_t i = 0; i < std::size(kPlaceFields); ++i)
            marks += ", ?";
        put_structure_ = prepare(bulk_ ? "INSERT INTO temp.import_structures(" + place_columns() +
                                             ", digest) VALUES (?" + marks + ", ?)"
                                       : structure_upsert_sql());
        put_finess_ = prepare(finess_upsert_sql());
        remove_finess_ = prepare("DELETE FROM finess_establishments WHERE finess = ?");
        add_mailbox_ = prepare("INSERT INTO mssante_addresses(address, national_id, structure_id, type, digest) "
                               "VALUES (?, ?, ?, ?, ?)");
        remove_mailbox_ = prepare("DELETE FROM mssante_addresses WHERE id = ?");
        journal_ = prepare("INSERT INTO directory_changes(run_id, changed_at, entity, entity_key, national_id, "
                           "action, fields) VALUES (?, ?, ?, ?, ?, ?, ?)");
        notice_ = prepare("INSERT INTO override_notices(run_id, national_id, field, noticed_at) VALUES (?, ?, ?, ?)");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        if (rollback_journal_) journal_mode(db_, "WAL");
        throw;
    }
}

SqliteImportSession::~SqliteImportSession() {
    if (done_) return;
    // Statements are finalised by their owners; ROLLBACK needs none of them running.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (rollback_journal_) journal_mode(db_, "WAL");
}

void SqliteImportSession::put_professional(const domain::Professional& professional, std::uint64_t digest,
                                           bool existed) {
    const std::string& id = professional.national_id;
    if (existed) {
        // foreign_keys is off on this connection (rows are written in append order, parents
        // possibly after children): delete the activities explicitly instead of by cascade.
        delete_activities_->text(1, id).run();
        delete_exercices_->text(1, id).run();
    }
    put_professional_->text(1, id).text(2, professional.id_type).text(3, professional.identifier);
    put_professional_->text(4, professional.codeCivilite).text(5, professional.family_name);
    put_professional_->text(6, professional.given_name).integer(7, now_).integer(8, static_cast<std::int64_t>(digest));
    put_professional_->run();
    int position = 0;
    for (const auto& exercice : professional.exercices)
        insert_exercice(id, position++, exercice);
}

void SqliteImportSession::insert_exercice(const std::string& national_id, int position,
                                          const domain::Exercice& exercice) {
    const std::int64_t exercice_id = next_exercice_id_++;
    auto& e = *insert_exercice_;
    e.integer(1, exercice_id).text(2, national_id).integer(3, position).text(4, exercice.codeProfession);
    e.text(5, exercice.codeCategorieProfessionnelle).text(6, exercice.codeCiviliteDexercice);
    e.text(7, exercice.nomDexercice).text(8, exercice.prenomDexercice).text(9, exercice.codeTypeSavoirFaire);
    e.text(10, exercice.codeSavoirFaire).run();
    int activity_position = 0;
    auto& a = *insert_activity_;
    for (const auto& activity : exercice.activities) {
        const std::string key = structure_key(activity);
        a.integer(1, next_activity_id_++).integer(2, exercice_id).integer(3, activity_position++);
        a.text_or_null(4, key); // NULL: no place published for this activity
        a.text(5, activity.codeModeExercice).text(6, activity.codeSecteurDactivite);
        a.text(7, activity.codeSectionPharmacien).text(8, activity.codeRole).text(9, activity.codeGenreActivite);
        a.text(10, activity.autoriteDenregistrement).run();
    }
}

void SqliteImportSession::deactivate_professional(const std::string& national_id) {
    deactivate_->integer(1, now_).text(2, national_id).run();
}

void SqliteImportSession::put_structure(const std::string& structure_id, const domain::Activity& place,
                                        std::uint64_t digest) {
    auto& stmt = *put_structure_;
    int index = 1;
    stmt.text(index++, structure_id);
    for (const auto& [column, member] : kPlaceFields)
        stmt.text(index++, place.*member);
    if (!bulk_) stmt.integer(index++, now_);
    stmt.integer(index, static_cast<std::int64_t>(digest)).run();
}

void SqliteImportSession::put_finess(const FinessRecord& record, std::uint64_t digest) {
    put_finess_->integer(1, static_cast<std::int64_t>(digest));
    int index = 2;
    for (const auto& value : record)
        put_finess_->text(index++, value);
    put_finess_->run();
}

void SqliteImportSession::remove_finess(const std::string& finess) {
    remove_finess_->text(1, finess).run();
}

void SqliteImportSession::add_mailbox(const MssanteMailbox& mailbox) {
    add_mailbox_->text(1, mailbox.address).text_or_null(2, mailbox.national_id).text_or_null(3, mailbox.structure_id);
    add_mailbox_->text(4, mailbox.type).integer(5, static_cast<std::int64_t>(mailbox.digest)).run();
}

void SqliteImportSession::remove_mailbox(std::int64_t row_id) {
    remove_mailbox_->integer(1, row_id).run();
}

void SqliteImportSession::journal(const DirectoryChange& change) {
    journal_->integer(1, run_id_).integer(2, now_).text(3, change.entity).text(4, change.key);
    journal_->text(5, change.national_id).text(6, change.action).text(7, change.fields).run();
}

void SqliteImportSession::notice_override(const std::string& national_id, const std::string& field) {
    notice_->integer(1, run_id_).text(2, national_id).text(3, field).integer(4, now_).run();
}

void SqliteImportSession::commit(const RunOutcome& outcome, bool changed) {
    if (bulk_) {
        import_exec(db_, unstage_sql(now_));
        for (const auto& index : kBulkIndexes)
            import_exec(db_, index.create);
    }
    if (changed) import_exec(db_, "UPDATE directory_meta SET value = value + 1 WHERE key = 'version'");
    ImportStatement run(db_, "UPDATE directory_runs SET status = ?, summary = ?, rows_accepted = ?, duration_ms = ?, "
                             "message = ?, finished_at = ? WHERE id = ?");
    run.text(1, outcome.status).text(2, outcome.summary_json).integer(3, outcome.rows_accepted);
    run.integer(4, outcome.duration_ms).text(5, outcome.message).integer(6, now_).integer(7, run_id_).run();
    import_exec(db_, "COMMIT");
    done_ = true;
    if (rollback_journal_) journal_mode(db_, "WAL"); // the idp's readers need WAL (connection.cpp)
}

} // namespace esc::storage::sqlite
