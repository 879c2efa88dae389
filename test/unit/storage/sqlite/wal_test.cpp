#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "../temp_store.hpp"
#include "storage/sqlite/connection.hpp"

using esc::storage::StorageError;
using esc::storage::test::TempStore;
namespace fs = std::filesystem;

namespace {
std::uintmax_t size_of(const std::string& path) {
    std::error_code ec;
    auto n = fs::file_size(path, ec);
    return ec ? 0 : n;
}

void write_many(esc::storage::Store& store, int n, int offset = 0) {
    for (int i = 0; i < n; ++i)
        store.replay().remember_once("jti-" + std::to_string(offset + i), 4000000000);
}
} // namespace

TEST_CASE("the WAL stays bounded under many small writes", "[unit][storage]") {
    // Each write appends at least one page: 6,000 writes grow an unbounded log past 24 MB. With a
    // checkpoint every 1,000 pages and journal_size_limit the log restarts and is cut back.
    TempStore store;
    write_many(*store, 6000);
    const auto wal = store.path().string() + "-wal";
    INFO("WAL size " << size_of(wal));
    CHECK(size_of(wal) <= 8u * 1024 * 1024);
}

TEST_CASE("checkpoint() truncates the WAL to zero bytes", "[unit][storage]") {
    TempStore store;
    write_many(*store, 200);
    const auto wal = store.path().string() + "-wal";
    REQUIRE(size_of(wal) > 0);
    store->checkpoint();
    CHECK(size_of(wal) == 0);
    CHECK_FALSE(store->replay().remember_once("jti-5", 4000000000)); // the data is in the database
}

TEST_CASE("new database files are created 0600", "[unit][storage]") {
    TempStore store;
    write_many(*store, 1);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        struct stat st {};
        REQUIRE(::stat((store.path().string() + suffix).c_str(), &st) == 0);
        INFO(suffix);
        CHECK((st.st_mode & 0777) == 0600);
    }
}

TEST_CASE("existing_only never creates a database", "[unit][storage]") {
    TempStore store;
    const auto missing = store.path().string() + ".missing";
    CHECK_THROWS_AS(esc::storage::open_sqlite_store(missing, esc::storage::OpenMode::existing_only), StorageError);
    CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("a full database fails with StorageError kind full and is reported by write_problem", "[unit][storage]") {
    // max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does.
    TempStore store;
    CHECK(store->write_problem().empty());
    esc::storage::sqlite::Connection db(store.path().string());
    db.exec("CREATE TABLE filler(x BLOB); PRAGMA max_page_count = 64;");
    StorageError::Kind kind = StorageError::Kind::other;
    try {
        for (int i = 0; i < 1000; ++i)
            db.exec("INSERT INTO filler VALUES (zeroblob(4000))");
    } catch (const StorageError& e) {
        kind = e.kind;
    }
    CHECK(kind == StorageError::Kind::full);
    CHECK(esc::storage::sqlite::error_kind(13 /* SQLITE_FULL */) == StorageError::Kind::full);
    CHECK(esc::storage::sqlite::error_kind(8 /* SQLITE_READONLY */) == StorageError::Kind::unwritable);
    CHECK(esc::storage::sqlite::error_kind(19 /* SQLITE_CONSTRAINT */) == StorageError::Kind::other);
}

TEST_CASE("the WAL is checkpointed by the pool's checkpointer thread, not by the committing writer",
          "[unit][storage]") {
    namespace sq = esc::storage::sqlite;
    const auto dir = fs::temp_directory_path() / ("esc-ckpt-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto path = (dir / "pool.db").string();
    {
        sq::ConnectionPool pool(path);
        pool.local().exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)");
        // About two pages per row: the log crosses Checkpointer::kPages well before the end.
        for (int i = 0; i < sq::Checkpointer::kPages; ++i) {
            sq::WriteLock lock(pool);
            lock.connection().prepare("INSERT INTO t(v) VALUES (zeroblob(6000))").run();
        }
        // The checkpoint is asynchronous: wait for the thread's signal (bounded, so a broken one fails).
        CHECK(pool.checkpointer().wait_completed(1, std::chrono::seconds(10)));
        CHECK(pool.checkpointer().completed() >= 1);
        // The writer's connection has no auto-checkpoint of its own: a commit never waits for one.
        auto stmt = pool.local().prepare("PRAGMA wal_autocheckpoint");
        REQUIRE(stmt.step());
        CHECK(stmt.int64(0) == 0);
    }
    fs::remove_all(dir);
}
