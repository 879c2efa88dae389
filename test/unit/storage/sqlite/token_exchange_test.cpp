// One transaction per token-endpoint exchange: a failed exchange changes nothing (the retry of
// the client is not a replay), and a concurrent redemption is told apart from a fresh one.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "../temp_store.hpp"
#include "../token_fixtures.hpp"

using esc::storage::IssuedTokens;
using esc::storage::Redemption;
using namespace esc::storage::test;
namespace domain = esc::domain;

namespace {

// Makes every later INSERT into `table` fail, as a full disk would (SQLITE_FULL surfaces the same
// way: the statement fails and the transaction must not commit half of the exchange).
void inject_insert_failure(const TempStore& store, const char* table, bool on) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(store.path().string().c_str(), &db) == SQLITE_OK);
    std::string sql = on ? std::string("CREATE TRIGGER fail_insert BEFORE INSERT ON ") + table +
                               " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"
                         : std::string("DROP TRIGGER fail_insert;");
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

} // namespace

TEST_CASE("a failed refresh rotation leaves the presented token usable", "[unit][storage]") {
    TempStore store;
    auto& tokens = store->tokens();
    tokens.save_refresh(make_refresh("rt-1", "fam-1"));

    inject_insert_failure(store, "refresh_tokens", true);
    CHECK_THROWS_AS(tokens.rotate_refresh("rt-1", issued("rt-2", "at-2", "fam-1")), esc::storage::StorageError);
    inject_insert_failure(store, "refresh_tokens", false);
    auto after = tokens.find_refresh("rt-1");
    REQUIRE(after);
    CHECK_FALSE(after->used); // the retry is a fresh request, not reuse
    CHECK_FALSE(tokens.find_refresh("rt-2"));
    CHECK(tokens.access_token_claims("at-2").empty());

    inject_insert_failure(store, "access_tokens", true); // second write of the exchange fails
    CHECK_THROWS_AS(tokens.rotate_refresh("rt-1", issued("rt-2", "at-2", "fam-1")), esc::storage::StorageError);
    inject_insert_failure(store, "access_tokens", false);
    CHECK_FALSE(tokens.find_refresh("rt-1")->used);
    CHECK_FALSE(tokens.find_refresh("rt-2"));

    CHECK(tokens.rotate_refresh("rt-1", issued("rt-2", "at-2", "fam-1")) == Redemption::issued);
    CHECK(tokens.find_refresh("rt-1")->used);
    auto next = tokens.find_refresh("rt-2");
    REQUIRE(next);
    CHECK_FALSE(next->used);
    CHECK(next->claims_json == R"({"userinfo":{"given_name":null}})");
    CHECK(tokens.access_token_claims("at-2") == R"({"userinfo":{"given_name":null}})");
    CHECK(tokens.rotate_refresh("rt-1", issued("rt-3", "at-3", "fam-1")) == Redemption::replayed);
    CHECK_FALSE(tokens.find_refresh("rt-3")); // the loser wrote nothing
    CHECK(tokens.rotate_refresh("unknown", issued("rt-4", "at-4", "fam-1")) == Redemption::unknown);
}

TEST_CASE("a failed code exchange leaves the code unredeemed", "[unit][storage]") {
    TempStore store;
    store->codes().save(make_code("code-1"));
    auto& tokens = store->tokens();

    inject_insert_failure(store, "access_tokens", true);
    CHECK_THROWS_AS(tokens.redeem_code("code-1", issued("rt-1", "at-1", "code-1")), esc::storage::StorageError);
    inject_insert_failure(store, "access_tokens", false);
    auto code = store->codes().find("code-1");
    REQUIRE(code);
    CHECK_FALSE(code->used);
    CHECK_FALSE(tokens.find_refresh("rt-1")); // written before the failing insert, rolled back with it

    CHECK(tokens.redeem_code("code-1", issued("rt-1", "at-1", "code-1")) == Redemption::issued);
    CHECK(store->codes().find("code-1")->used);
    CHECK_FALSE(tokens.find_refresh("rt-1")->revoked);
    CHECK_FALSE(tokens.is_access_token_revoked("at-1"));

    // A second redemption is a replay: nothing new is written and what the code issued is revoked.
    CHECK(tokens.redeem_code("code-1", issued("rt-9", "at-9", "code-1")) == Redemption::replayed);
    CHECK_FALSE(tokens.find_refresh("rt-9"));
    CHECK(tokens.find_refresh("rt-1")->revoked);
    CHECK(tokens.is_access_token_revoked("at-1"));
    CHECK(tokens.redeem_code("unknown", issued("rt-8", "at-8", "x")) == Redemption::unknown);
}
