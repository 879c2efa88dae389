#include <utility>

#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "storage/sqlite/stores.hpp"
#include "storage/structure_fields.hpp"

namespace esc::storage::sqlite {
namespace {

using domain::Activity;

std::string structure_select_list() {
    std::string list;
    for (const auto& [column, member] : kPlaceFields)
        list += ", s." + std::string(column);
    return list;
}

std::string structure_upsert_sql() {
    std::string columns = "structure_id";
    std::string values = "?";
    std::string updates = "updated_at = excluded.updated_at";
    for (const auto& [column, member] : kPlaceFields) {
        columns += ", " + std::string(column);
        values += ", ?";
        updates += ", " + std::string(column) + " = excluded." + column;
    }
    return "INSERT INTO structures(" + columns + ", updated_at) VALUES (" + values +
           ", ?) ON CONFLICT(structure_id) DO UPDATE SET " + updates;
}

// The row key of an activity's structure: the national technical id when published; otherwise
// a local key ("L:" never starts a national id) from FINESS, SIRET or a digest of the address, so
// that two professionals at the same unnamed place share one row. Empty when no place is known.
std::string structure_key(const Activity& activity) {
    if (!activity.identifiantTechniqueDeLaStructure.empty()) return activity.identifiantTechniqueDeLaStructure;
    if (!activity.numeroFinessSite.empty()) return "L:F:" + activity.numeroFinessSite;
    if (!activity.numeroSiretSite.empty()) return "L:S:" + activity.numeroSiretSite;
    std::string digest_input;
    bool any = false;
    for (const auto& [column, member] : kPlaceFields) {
        any = any || !(activity.*member).empty();
        digest_input += activity.*member;
        digest_input += '\x1f';
    }
    if (!any) return {};
    return "L:H:" + crypto::sha256_b64url(digest_input).substr(0, 22);
}

} // namespace

std::optional<domain::Professional> SqliteDirectoryStore::find_professional(const std::string& national_id) {
    auto& db = pool_.local();
    ReadTransaction snapshot(db); // the person and their practices as of one committed import
    domain::Professional professional;
    {
        // Addresses ride along as a JSON array: two statements in all on this hot path.
        auto stmt = db.prepare("SELECT national_id, id_type, identifier, civilite, family_name, given_name, active, "
                               "(SELECT json_group_array(address) FROM "
                               "(SELECT address FROM mssante_addresses WHERE national_id = ?1 ORDER BY id)) "
                               "FROM professionals WHERE national_id = ?1");
        stmt.bind_all(national_id);
        if (!stmt.step()) return std::nullopt;
        professional.national_id = stmt.text(0);
        professional.id_type = stmt.text(1);
        professional.identifier = stmt.text(2);
        professional.codeCivilite = stmt.text(3);
        professional.family_name = stmt.text(4);
        professional.given_name = stmt.text(5);
        professional.active = stmt.int64(6) != 0;
        professional.mssante_addresses = nlohmann::json::parse(stmt.text(7)).get<std::vector<std::string>>();
    }
    static const std::string practices_sql =
        "SELECT e.id, e.code_profession, e.code_categorie, e.code_civilite_exercice, e.nom_exercice, "
        "e.prenom_exercice, e.code_type_savoir_faire, e.code_savoir_faire, a.id, a.code_mode_exercice, "
        "a.code_secteur_activite, a.code_section_pharmacien, a.code_role, a.code_genre_activite, "
        "a.autorite_enregistrement" +
        structure_select_list() +
        " FROM exercices e LEFT JOIN activities a ON a.exercice_id = e.id "
        "LEFT JOIN structures s ON s.structure_id = a.structure_id "
        "WHERE e.national_id = ? ORDER BY e.position, a.position";
    auto stmt = db.prepare(practices_sql.c_str());
    stmt.bind_all(national_id);
    std::int64_t current_exercice = -1;
    while (stmt.step()) {
        if (stmt.int64(0) != current_exercice) {
            current_exercice = stmt.int64(0);
            domain::Exercice exercice;
            exercice.codeProfession = stmt.text(1);
            exercice.codeCategorieProfessionnelle = stmt.text(2);
            exercice.codeCiviliteDexercice = stmt.text(3);
            exercice.nomDexercice = stmt.text(4);
            exercice.prenomDexercice = stmt.text(5);
            exercice.codeTypeSavoirFaire = stmt.text(6);
            exercice.codeSavoirFaire = stmt.text(7);
            professional.exercices.push_back(std::move(exercice));
        }
        if (stmt.is_null(8)) continue; // a practice without any activity
        Activity activity;
        activity.codeModeExercice = stmt.text(9);
        activity.codeSecteurDactivite = stmt.text(10);
        activity.codeSectionPharmacien = stmt.text(11);
        activity.codeRole = stmt.text(12);
        activity.codeGenreActivite = stmt.text(13);
        activity.autoriteDenregistrement = stmt.text(14);
        int column = 15; // NULL structure columns (no place) read as ""
        for (const auto& [name, member] : kPlaceFields)
            activity.*member = stmt.text(column++);
        professional.exercices.back().activities.push_back(std::move(activity));
    }
    return professional;
}

namespace {

void upsert_structure(Connection& db, const std::string& key, const Activity& activity, domain::UnixTime now) {
    static const std::string sql = structure_upsert_sql();
    auto stmt = db.prepare(sql.c_str());
    int index = 1;
    stmt.bind(index++, key);
    for (const auto& [column, member] : kPlaceFields)
        stmt.bind(index++, activity.*member);
    stmt.bind(index, now);
    stmt.run();
}

void insert_activity(Connection& db, std::int64_t exercice_id, int position, const Activity& activity,
                     domain::UnixTime now) {
    const std::string key = structure_key(activity);
    if (!key.empty()) upsert_structure(db, key, activity, now);
    auto insert = db.prepare(
        "INSERT INTO activities(exercice_id, position, structure_id, code_mode_exercice, code_secteur_activite, "
        "code_section_pharmacien, code_role, code_genre_activite, autorite_enregistrement) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(exercice_id, position);
    if (key.empty())
        insert.bind_null(3); // no place published for this activity
    else
        insert.bind(3, key);
    insert.bind(4, activity.codeModeExercice).bind(5, activity.codeSecteurDactivite);
    insert.bind(6, activity.codeSectionPharmacien).bind(7, activity.codeRole).bind(8, activity.codeGenreActivite);
    insert.bind(9, activity.autoriteDenregistrement);
    insert.run();
}

void insert_exercice(Connection& db, const std::string& national_id, int position, const domain::Exercice& exercice,
                     domain::UnixTime now) {
    auto stmt = db.prepare(
        "INSERT INTO exercices(national_id, position, code_profession, code_categorie, code_civilite_exercice, "
        "nom_exercice, prenom_exercice, code_type_savoir_faire, code_savoir_faire) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    stmt.bind_all(national_id, position, exercice.codeProfession, exercice.codeCategorieProfessionnelle,
                  exercice.codeCiviliteDexercice, exercice.nomDexercice, exercice.prenomDexercice,
                  exercice.codeTypeSavoirFaire, exercice.codeSavoirFaire);
    if (!stmt.step()) throw StorageError("sqlite: exercice insert returned no id");
    const std::int64_t exercice_id = stmt.int64(0);
    stmt.run();

    int activity_position = 0;
    for (const auto& activity : exercice.activities)
        insert_activity(db, exercice_id, activity_position++, activity, now);
}

} // namespace

void SqliteDirectoryStore::put_professional(const domain::Professional& professional) {
    if (professional.national_id.empty()) throw StorageError("put_professional: empty national id");
    const domain::UnixTime now = domain::SystemClock().now();
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("INSERT INTO professionals(national_id, id_type, identifier, civilite, family_name, given_name, active, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(national_id) DO UPDATE SET "
               "id_type = excluded.id_type, identifier = excluded.identifier, civilite = excluded.civilite, "
               "family_name = excluded.family_name, given_name = excluded.given_name, active = excluded.active, "
               "updated_at = excluded.updated_at")
        .bind_all(professional.national_id, professional.id_type, professional.identifier, professional.codeCivilite,
                  professional.family_name, professional.given_name, professional.active, now)
        .run();
    // Activities go with their practice (ON DELETE CASCADE); shared structures stay.
    db.prepare("DELETE FROM exercices WHERE national_id = ?").bind_all(professional.national_id).run();
    db.prepare("DELETE FROM mssante_addresses WHERE national_id = ? AND type = 'PER'")
        .bind_all(professional.national_id)
        .run();
    int position = 0;
    for (const auto& exercice : professional.exercices)
        insert_exercice(db, professional.national_id, position++, exercice, now);
    for (const auto& address : professional.mssante_addresses)
        db.prepare("INSERT INTO mssante_addresses(address, national_id, type) VALUES (?, ?, 'PER')")
            .bind_all(address, professional.national_id)
            .run();
    db.prepare("UPDATE directory_meta SET value = value + 1 WHERE key = 'version'").run();
    tx.commit();
}

std::int64_t SqliteDirectoryStore::version() {
    auto stmt = pool_.local().prepare("SELECT value FROM directory_meta WHERE key = 'version'");
    if (!stmt.step()) throw StorageError("sqlite: directory_meta has no version row (schema not migrated?)");
    return stmt.int64(0);
}

} // namespace esc::storage::sqlite
