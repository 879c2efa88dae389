#include <catch2/catch.hpp>

#include <fstream>

#include "crypto/password.hpp"
#include "storage/demo_seed.hpp"
#include "temp_store.hpp"

using esc::storage::load_demo_seed;
using esc::storage::test::TempStore;

namespace {

// test/unit/storage/<this file> -> repository root.
const std::filesystem::path kDemoDir =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path() / "conf" / "demo";

const char* const kLogins[] = {"medecin", "sagefemme", "pharmacien",     "infirmier", "kine",          "dentiste",
                               "multi",   "adeli",     "troisactivites", "admin",     "coordo-nantes", "coordo-rennes"};

// A demo directory written by the test, to check how bad input is reported.
struct BadSeed {
    std::filesystem::path dir;
    BadSeed(const std::string& professionals, const std::string& accounts) {
        dir = std::filesystem::temp_directory_path() / ("esc-seed-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "professionals.json") << professionals;
        std::ofstream(dir / "accounts.json") << accounts;
    }
    ~BadSeed() { std::filesystem::remove_all(dir); }
};

std::string seed_error(const std::string& professionals, const std::string& accounts) {
    TempStore store;
    BadSeed seed(professionals, accounts);
    try {
        load_demo_seed(*store, seed.dir.string());
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("the demo seed loads every login with a verifying password", "[unit][storage]") {
    TempStore store;
    auto report = load_demo_seed(*store, kDemoDir.string());
    CHECK(report.professionals == 11);
    CHECK(report.accounts == 12);
    for (const char* login : kLogins) {
        INFO(login);
        auto account = store->accounts().find_by_login(login);
        REQUIRE(account);
        CHECK(esc::crypto::verify_password(account->password_hash, "esculape-demo"));
        CHECK_FALSE(esc::crypto::verify_password(account->password_hash, "wrong"));
        if (std::string(login) == "admin" || std::string(login).rfind("coordo-", 0) == 0) {
            CHECK(account->national_id.empty());
        } else {
            auto professional = store->directory().find_professional(account->national_id);
            REQUIRE(professional);
            CHECK_FALSE(professional->exercices.empty());
        }
    }
    // The services a referent already accepted for the sandbox identities, granted once however
    // often the seed runs.
    const auto medecin = store->accounts().find_by_login("medecin")->id;
    REQUIRE(store->access().of_account(medecin).size() == 2);
    CHECK(store->access().find(medecin, "dcc")->state == esc::domain::AccessState::accepted);
    load_demo_seed(*store, kDemoDir.string());
    CHECK(store->access().history(medecin, "dcc").size() == 1);
    auto three = store->directory().find_professional(store->accounts().find_by_login("troisactivites")->national_id);
    REQUIRE(three->exercices.size() == 1);
    CHECK(three->exercices[0].activities.size() == 3);
    CHECK(three->exercices[0].activities[0].codeSecteurDactivite == "SA01");
    CHECK(three->exercices[0].activities[0].numeroFinessSite.size() == 9);
    auto multi = store->directory().find_professional(store->accounts().find_by_login("multi")->national_id);
    CHECK(multi->exercices.size() == 2);
    auto adeli = store->directory().find_professional(store->accounts().find_by_login("adeli")->national_id);
    CHECK(adeli->id_type == "0");
    auto pharmacist = store->directory().find_professional(store->accounts().find_by_login("pharmacien")->national_id);
    CHECK(pharmacist->exercices[0].activities[0].codeSectionPharmacien == "A");
    CHECK(pharmacist->exercices[0].activities[0].codeSecteurDactivite == "SA33");
}

TEST_CASE("reseeding is idempotent: no directory change, hashes kept", "[unit][storage]") {
    TempStore store;
    load_demo_seed(*store, kDemoDir.string());
    const auto version = store->directory().version();
    const auto hash = store->accounts().find_by_login("medecin")->password_hash;
    const auto id = store->accounts().find_by_login("medecin")->id;

    load_demo_seed(*store, kDemoDir.string());
    CHECK(store->directory().version() == version);
    CHECK(store->accounts().find_by_login("medecin")->password_hash == hash);
    CHECK(store->accounts().find_by_login("medecin")->id == id);

    auto account = *store->accounts().find_by_login("kine");
    account.password_hash = esc::crypto::hash_password("changed");
    store->accounts().upsert(account);
    load_demo_seed(*store, kDemoDir.string());
    CHECK(esc::crypto::verify_password(store->accounts().find_by_login("kine")->password_hash, "esculape-demo"));
}

TEST_CASE("bad seed input is reported with the file and the entry", "[unit][storage]") {
    const std::string good_pro = R"([{"national_id":"899700000112","id_type":"8","identifier":"99700000112",)"
                                 R"("exercices":[{"codeProfession":"10"}]}])";
    const std::string good_acc = R"([{"login":"a","national_id":"899700000112","password":"p"}])";
    CHECK_THAT(seed_error(good_pro, good_acc), Catch::Equals("no error"));

    auto error = seed_error(R"([{"national_id":"899700000113","id_type":"8","identifier":"99700000113"}])", "[]");
    CHECK_THAT(error, Catch::Contains("professionals.json: entry 1") && Catch::Contains("899700000113") &&
                          Catch::Contains("Luhn"));
    error = seed_error(R"([{"national_id":"899700000112","id_type":"8","identifier":"99700000112","familyName":"X"}])",
                       "[]");
    CHECK_THAT(error, Catch::Contains("unknown key \"familyName\""));
    error = seed_error(R"([{"national_id":"899700000112","id_type":"8","identifier":"99700000112",)"
                       R"("exercices":[{"codeProfession":"10","activities":[{"codePostal":37000}]}]}])",
                       "[]");
    CHECK_THAT(error, Catch::Contains("exercice 1, activity 1") && Catch::Contains("codePostal"));
    error = seed_error(good_pro, R"([{"login":"a","password":"p"},{"login":"b","national_id":"899700000252",)"
                                 R"("password":"p"}])");
    CHECK_THAT(error, Catch::Contains("accounts.json: entry 2 (login \"b\")") && Catch::Contains("899700000252"));
    error = seed_error(good_pro, R"([{"login":"a"}])");
    CHECK_THAT(error, Catch::Contains("\"password\" is required"));
    error = seed_error("{not json", "[]");
    CHECK_THAT(error, Catch::Contains("professionals.json: not valid JSON"));
    error = seed_error(good_pro + good_pro, "[]");
    CHECK_THAT(error, Catch::Contains("professionals.json"));
}
