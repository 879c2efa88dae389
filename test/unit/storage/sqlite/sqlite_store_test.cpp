#include <catch2/catch.hpp>

#include "../temp_store.hpp"
#include "storage/migrations.hpp"

using esc::storage::StoredKey;
using esc::storage::test::TempStore;
namespace domain = esc::domain;

TEST_CASE("migrations run once and are recorded", "[unit][storage]") {
    TempStore store; // already migrated once
    const int latest = esc::storage::sqlite_migrations().back().version;
    REQUIRE(!esc::storage::sqlite_migrations().empty());
    CHECK(store->schema_version() == latest);
    CHECK(store->migrate() == 0);
    store.reopen();
    CHECK(store->schema_version() == latest);
    CHECK(store->migrate() == 0);
    CHECK(store->directory().version() == 0);
}

TEST_CASE("a fresh file has schema version 0 until migrated", "[unit][storage]") {
    TempStore store;
    const auto other = store.path().string() + ".fresh";
    {
        auto fresh = esc::storage::open_sqlite_store(other);
        CHECK(fresh->schema_version() == 0);
        CHECK(fresh->migrate() == static_cast<int>(esc::storage::sqlite_migrations().size()));
        CHECK(fresh->schema_version() == esc::storage::sqlite_migrations().back().version);
    }
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(other + suffix);
}

TEST_CASE("opening an impossible path fails with StorageError", "[unit][storage]") {
    CHECK_THROWS_AS(esc::storage::open_sqlite_store("/nonexistent-dir/sub/esc.db"), esc::storage::StorageError);
}
