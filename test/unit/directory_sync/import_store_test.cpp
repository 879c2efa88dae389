#include <catch2/catch.hpp>

#include "storage/directory_import.hpp"
#include "unit/storage/temp_store.hpp"

using esc::storage::test::TempStore;
namespace domain = esc::domain;
namespace storage = esc::storage;

namespace {

domain::Professional doctor(const std::string& family_name) {
    domain::Professional p;
    p.national_id = "819000123455";
    p.id_type = "8";
    p.identifier = "19000123455";
    p.codeCivilite = "M";
    p.family_name = family_name;
    p.given_name = "Jérémy";
    domain::Exercice e;
    e.codeProfession = "10";
    e.nomDexercice = family_name;
    domain::Activity a;
    a.identifiantTechniqueDeLaStructure = "R5000000";
    a.raisonSocialeSite = "CABINET";
    a.codeModeExercice = "L";
    e.activities.push_back(a);
    p.exercices.push_back(e);
    return p;
}

storage::RunOutcome applied() {
    return {"applied", "{}", 1, 5, ""};
}

} // namespace

TEST_CASE("an import session is invisible until commit and bumps the version once", "[unit][directory_sync]") {
    TempStore store;
    auto import = storage::open_sqlite_directory_import(store.path().string());
    const auto version = store->directory().version();
    const auto run = import->start_run("[]", 1000);
    {
        auto session = import->begin(run, true, 1000);
        session->put_structure("R5000000", doctor("X").exercices[0].activities[0], 7);
        session->put_professional(doctor("ROUSSEAU"), 42, false);
        CHECK_FALSE(store->directory().find_professional("819000123455")); // the idp still sees the old state
        session->journal({"professional", "819000123455", "819000123455", "added", ""});
        session->commit(applied(), true);
    }
    const auto found = store->directory().find_professional("819000123455");
    REQUIRE(found);
    CHECK(found->family_name == "ROUSSEAU");
    REQUIRE(found->exercices.size() == 1);
    REQUIRE(found->exercices[0].activities.size() == 1);
    CHECK(found->exercices[0].activities[0].raisonSocialeSite == "CABINET");
    CHECK(store->directory().version() == version + 1);
    std::uint64_t digest = 0;
    import->scan_professionals([&](std::string_view, std::uint64_t d, bool active) { digest = active ? d : 0;
});
CHECK(digest == 42);
CHECK(import->changes_of("819000123455", 10).size() == 1);
CHECK(import->runs(5).at(0).status == "applied");
CHECK(import->previous_rows() == 1);
}

TEST_CASE("a session destroyed without commit leaves the previous state", "[unit][directory_sync]") {
    TempStore store;
    auto import = storage::open_sqlite_directory_import(store.path().string());
    auto run = import->start_run("[]", 1000);
    {
        auto session = import->begin(run, false, 1000);
        session->put_professional(doctor("ROUSSEAU"), 1, false);
        session->commit(applied(), true);
    }
    const auto version = store->directory().version();
    run = import->start_run("[]", 1001);
    {
        auto session = import->begin(run, false, 1001);
        session->put_professional(doctor("ROUSSEL"), 2, true);
        session->deactivate_professional("819000123455");
    } // no commit: rolled back
    CHECK(store->directory().find_professional("819000123455")->family_name == "ROUSSEAU");
    CHECK(store->directory().version() == version);
    // The next run closes the one that never finished.
    import->start_run("[]", 1002);
    CHECK(import->runs(5).at(1).status == "interrupted");
}

TEST_CASE("replacing and deactivating a professional keeps one practice and the row", "[unit][directory_sync]") {
    TempStore store;
    auto import = storage::open_sqlite_directory_import(store.path().string());
    for (const char* name : {"ROUSSEAU", "ROUSSEL"}) {
        auto session = import->begin(import->start_run("[]", 1000), false, 1000);
        session->put_professional(doctor(name), 3, std::string(name) == "ROUSSEL");
        session->commit(applied(), true);
    }
    {
        auto session = import->begin(import->start_run("[]", 1000), false, 1000);
        session->deactivate_professional("819000123455");
        session->commit(applied(), true);
    }
    const auto found = store->directory().find_professional("819000123455");
    REQUIRE(found);
    CHECK_FALSE(found->active);
    CHECK(found->family_name == "ROUSSEL");
    CHECK(found->exercices.size() == 1);
    CHECK(import->professional_count() == 1);
}

TEST_CASE("FINESS records and mailboxes round-trip through the import store", "[unit][directory_sync]") {
    TempStore store;
    auto import = storage::open_sqlite_directory_import(store.path().string());
    storage::FinessRecord record;
    record[0] = "010000024";
    record[3] = "CENTRE HOSPITALIER";
    {
        auto session = import->begin(import->start_run("[]", 1000), false, 1000);
        session->put_finess(record, 9);
        session->add_mailbox({"a@b.mssante.fr", "PER", "819000123455", "1010000024", 11});
        session->commit(applied(), false);
    }
    CHECK(import->find_finess("010000024")->at(3) == "CENTRE HOSPITALIER");
    std::int64_t row = 0;
    import->scan_mailboxes([&](std::int64_t id, std::uint64_t digest) { row = digest == 11 ? id : 0;
});
REQUIRE(row != 0);
CHECK(import->find_mailbox(row)->national_id == "819000123455");
CHECK(import->runs(1).at(0).status == "applied");
}
