#include <catch2/catch.hpp>

#include "storage/data_files.hpp"

using esc::storage::data_file_problems;
using esc::storage::FileFacts;

namespace {
FileFacts fact(const std::string& path, bool directory, unsigned mode, bool writable = true) {
    FileFacts f;
    f.path = path;
    f.exists = true;
    f.directory = directory;
    f.mode = mode;
    f.writable = writable;
    if (!writable) f.write_error = "Operation not permitted";
    return f;
}

bool mentions(const std::vector<std::string>& problems, const std::string& a, const std::string& b) {
    for (const auto& p : problems)
        if (p.find(a) != std::string::npos && p.find(b) != std::string::npos) return true;
    return false;
}
} // namespace

TEST_CASE("private database files pass", "[unit][storage]") {
    FileFacts missing;
    missing.path = "/srv/db/esc.db-wal";
    CHECK(data_file_problems({fact("/srv/db", true, 0700), fact("/srv/db/esc.db", false, 0600), missing}).empty());
}

TEST_CASE("a database or directory readable by group or others is refused with the chmod to run", "[unit][storage]") {
    auto problems =
        data_file_problems({fact("/srv/db", true, 0755), fact("/srv/db/esc.db", false, 0644),
                            fact("/srv/db/esc.db-wal", false, 0640), fact("/srv/db/esc.db-shm", false, 0600)});
    REQUIRE(problems.size() == 3);
    CHECK(mentions(problems, "/srv/db has mode 0755", "chmod 700 /srv/db"));
    CHECK(mentions(problems, "/srv/db/esc.db has mode 0644", "chmod 600 /srv/db/esc.db"));
    CHECK(mentions(problems, "/srv/db/esc.db-wal has mode 0640", "chmod 600 /srv/db/esc.db-wal"));
}

TEST_CASE("an unwritable database file, WAL, SHM or directory is named (root too: immutable, read-only mount)",
          "[unit][storage]") {
    for (const char* which : {"/srv/db", "/srv/db/esc.db", "/srv/db/esc.db-wal", "/srv/db/esc.db-shm"}) {
        std::vector<FileFacts> facts = {fact("/srv/db", true, 0700), fact("/srv/db/esc.db", false, 0600),
                                        fact("/srv/db/esc.db-wal", false, 0600),
                                        fact("/srv/db/esc.db-shm", false, 0600)};
        for (auto& f : facts)
            if (f.path == which) {
                f.writable = false;
                f.write_error = "Read-only file system";
            }
        auto problems = data_file_problems(facts);
        INFO(which);
        REQUIRE(problems.size() == 1);
        CHECK(mentions(problems, std::string(which) + " is not writable", "Read-only file system"));
    }
}

TEST_CASE("inspect_database_files reports the real modes", "[unit][storage]") {
    auto facts = esc::storage::inspect_database_files("/nonexistent-dir-esc/esc.db");
    REQUIRE(facts.size() == 4);
    CHECK(facts[0].path == "/nonexistent-dir-esc");
    CHECK_FALSE(facts[1].exists);
    CHECK(data_file_problems(facts).empty());
}
