#include "storage/sqlite/directory_import_session.hpp"

#include "storage/store.hpp"

namespace esc::storage::sqlite {

using domain::Activity;

const PlaceField kPlaceFields[25] = {
    {"identifiant_technique", &Activity::identifiantTechniqueDeLaStructure},
    {"siret", &Activity::numeroSiretSite},
    {"siren", &Activity::numeroSirenSite},
    {"finess_site", &Activity::numeroFinessSite},
    {"finess_juridique", &Activity::numeroFinessetablissementJuridique},
    {"raison_sociale", &Activity::raisonSocialeSite},
    {"enseigne", &Activity::enseigneCommercialeSite},
    {"complement_destinataire", &Activity::complementDestinataire},
    {"complement_point_geo", &Activity::complementPointGeographique},
    {"numero_voie", &Activity::numeroVoie},
    {"indice_repetition_voie", &Activity::indiceRepetitionVoie},
    {"code_type_voie", &Activity::codeTypeDeVoie},
    {"libelle_voie", &Activity::libelleVoie},
    {"mention_distribution", &Activity::mentionDistribution},
    {"bureau_cedex", &Activity::bureauCedex},
    {"code_postal", &Activity::codePostal},
    {"code_commune", &Activity::codeCommune},
    {"libelle_commune", &Activity::libelleCommune},
    {"code_pays", &Activity::codePays},
    {"telephone", &Activity::telephone},
    {"telephone2", &Activity::telephone2},
    {"telecopie", &Activity::telecopie},
    {"email", &Activity::adresseEMail},
    {"code_departement", &Activity::codeDepartement},
    {"ancien_identifiant", &Activity::ancienIdentifiantDeLaStructure},
};

namespace {

// Secondary indexes whose keys arrive in random order during a bulk import: dropped at begin and
// rebuilt (one sort each) before commit, inside the same transaction.
struct BulkIndex {
    const char* drop;
    const char* create;
};
constexpr BulkIndex kBulkIndexes[] = {
    {"DROP INDEX IF EXISTS activities_by_structure", "CREATE INDEX activities_by_structure ON activities(structure_id)"},
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
    static const char* const kColumns[] = {
        "finess", "finess_juridique", "raison_sociale", "raison_sociale_longue", "complement_raison_sociale",
        "complement_distribution", "numero_voie", "type_voie", "voie", "complement_voie", "lieudit_bp", "commune",
        "departement", "libelle_departement", "ligne_acheminement", "telephone", "telecopie", "categorie",
        "libelle_categorie", "categorie_agregat", "libelle_categorie_agregat", "siret", "code_ape", "code_mft",
        "libelle_mft", "code_sph", "libelle_sph", "date_ouverture", "date_autorisation", "date_maj", "numero_uai"};
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

std::int64_t max_id(Connection& db, const char* sql) {
    auto stmt = db.prepare(sql);
    stmt.step();
    return stmt.int64(0);
}

} // namespace

SqliteImportSession::SqliteImportSession(Connection& db, std::int64_t run_id, bool bulk, domain::UnixTime now)
    : db_(db), run_id_(run_id), bulk_(bulk), now_(now) {
    db_.prepare("BEGIN IMMEDIATE").run();
    next_exercice_id_ = max_id(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM exercices");
    next_activity_id_ = max_id(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM activities");
    if (bulk_)
        for (const auto& index : kBulkIndexes)
            db_.exec(index.drop);
}

SqliteImportSession::~SqliteImportSession() {
    if (done_) return;
    try {
        db_.prepare("ROLLBACK").run();
    } catch (...) {
        // SQLite already rolled back when the failing statement aborted the transaction.
    }
}

void SqliteImportSession::put_professional(const domain::Professional& professional, std::uint64_t digest,
                                           bool existed) {
    const std::string& id = professional.national_id;
    if (existed) {
        // foreign_keys is off on this connection (rows are written in append order, parents
        // possibly after children): delete the activities explicitly instead of by cascade.
        db_.prepare("DELETE FROM activities WHERE exercice_id IN (SELECT id FROM exercices WHERE national_id = ?)")
            .bind_all(id)
            .run();
        db_.prepare("DELETE FROM exercices WHERE national_id = ?").bind_all(id).run();
    }
    db_.prepare("INSERT INTO professionals(national_id, id_type, identifier, civilite, family_name, given_name, "
                "active, updated_at, digest) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(national_id) DO UPDATE "
                "SET id_type = excluded.id_type, identifier = excluded.identifier, civilite = excluded.civilite, "
                "family_name = excluded.family_name, given_name = excluded.given_name, active = 1, "
                "updated_at = excluded.updated_at, digest = excluded.digest")
        .bind_all(id, professional.id_type, professional.identifier, professional.codeCivilite,
                  professional.family_name, professional.given_name, now_, static_cast<std::int64_t>(digest))
        .run();
    int position = 0;
    for (const auto& exercice : professional.exercices)
        insert_exercice(id, position++, exercice);
}

void SqliteImportSession::insert_exercice(const std::string& national_id, int position,
                                          const domain::Exercice& exercice) {
    const std::int64_t exercice_id = next_exercice_id_++;
    db_.prepare("INSERT INTO exercices(id, national_id, position, code_profession, code_categorie, "
                "code_civilite_exercice, nom_exercice, prenom_exercice, code_type_savoir_faire, code_savoir_faire) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(exercice_id, national_id, position, exercice.codeProfession, exercice.codeCategorieProfessionnelle,
                  exercice.codeCiviliteDexercice, exercice.nomDexercice, exercice.prenomDexercice,
                  exercice.codeTypeSavoirFaire, exercice.codeSavoirFaire)
        .run();
    int activity_position = 0;
    for (const auto& activity : exercice.activities) {
        auto insert = db_.prepare(
            "INSERT INTO activities(id, exercice_id, position, structure_id, code_mode_exercice, "
            "code_secteur_activite, code_section_pharmacien, code_role, code_genre_activite, "
            "autorite_enregistrement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(next_activity_id_++, exercice_id, activity_position++);
        const std::string key = structure_key(activity);
        if (key.empty())
            insert.bind_null(4); // no place published for this activity
        else
            insert.bind(4, key);
        insert.bind(5, activity.codeModeExercice).bind(6, activity.codeSecteurDactivite);
        insert.bind(7, activity.codeSectionPharmacien).bind(8, activity.codeRole);
        insert.bind(9, activity.codeGenreActivite).bind(10, activity.autoriteDenregistrement);
        insert.run();
    }
}

void SqliteImportSession::deactivate_professional(const std::string& national_id) {
    db_.prepare("UPDATE professionals SET active = 0, updated_at = ? WHERE national_id = ?")
        .bind_all(now_, national_id)
        .run();
}

void SqliteImportSession::put_structure(const std::string& structure_id, const domain::Activity& place,
                                        std::uint64_t digest) {
    static const std::string sql = structure_upsert_sql();
    auto stmt = db_.prepare(sql.c_str());
    int index = 1;
    stmt.bind(index++, structure_id);
    for (const auto& [column, member] : kPlaceFields)
        stmt.bind(index++, place.*member);
    stmt.bind(index++, now_);
    stmt.bind(index, static_cast<std::int64_t>(digest));
    stmt.run();
}

void SqliteImportSession::put_finess(const FinessRecord& record, std::uint64_t digest) {
    static const std::string sql = finess_upsert_sql();
    auto stmt = db_.prepare(sql.c_str());
    stmt.bind(1, static_cast<std::int64_t>(digest));
    int index = 2;
    for (const auto& value : record)
        stmt.bind(index++, value);
    stmt.run();
}

void SqliteImportSession::remove_finess(const std::string& finess) {
    db_.prepare("DELETE FROM finess_establishments WHERE finess = ?").bind_all(finess).run();
}

void SqliteImportSession::add_mailbox(const MssanteMailbox& mailbox) {
    auto stmt = db_.prepare("INSERT INTO mssante_addresses(address, national_id, structure_id, type, digest) "
                            "VALUES (?, ?, ?, ?, ?)");
    stmt.bind(1, mailbox.address);
    if (mailbox.national_id.empty())
        stmt.bind_null(2);
    else
        stmt.bind(2, mailbox.national_id);
    if (mailbox.structure_id.empty())
        stmt.bind_null(3);
    else
        stmt.bind(3, mailbox.structure_id);
    stmt.bind(4, mailbox.type).bind(5, static_cast<std::int64_t>(mailbox.digest));
    stmt.run();
}

void SqliteImportSession::remove_mailbox(std::int64_t row_id) {
    db_.prepare("DELETE FROM mssante_addresses WHERE id = ?").bind_all(row_id).run();
}

void SqliteImportSession::journal(const DirectoryChange& change) {
    db_.prepare("INSERT INTO directory_changes(run_id, changed_at, entity, entity_key, national_id, action, fields) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(run_id_, now_, change.entity, change.key, change.national_id, change.action, change.fields)
        .run();
}

void SqliteImportSession::notice_override(const std::string& national_id, const std::string& field) {
    db_.prepare("INSERT INTO override_notices(run_id, national_id, field, noticed_at) VALUES (?, ?, ?, ?)")
        .bind_all(run_id_, national_id, field, now_)
        .run();
}

void SqliteImportSession::commit(const RunOutcome& outcome, bool changed) {
    if (bulk_)
        for (const auto& index : kBulkIndexes)
            db_.exec(index.create);
    if (changed) db_.prepare("UPDATE directory_meta SET value = value + 1 WHERE key = 'version'").run();
    db_.prepare("UPDATE directory_runs SET status = ?, summary = ?, rows_accepted = ?, duration_ms = ?, "
                "message = ?, finished_at = ? WHERE id = ?")
        .bind_all(outcome.status, outcome.summary_json, outcome.rows_accepted, outcome.duration_ms, outcome.message,
                  now_, run_id_)
        .run();
    db_.prepare("COMMIT").run();
    done_ = true;
}

} // namespace esc::storage::sqlite
