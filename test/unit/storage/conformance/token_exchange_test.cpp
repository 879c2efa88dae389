// One transaction per token-endpoint exchange: a concurrent redemption is told apart from a fresh
// one, a replayed code revokes what it issued, and the sealed grace answer lives as long as its
// interval. (What a failed write leaves behind is checked per backend: sqlite/token_exchange_test.cpp.)
#include <catch2/catch.hpp>

#include "../backends.hpp"
#include "../token_fixtures.hpp"

using esc::storage::IssuedTokens;
using esc::storage::Redemption;
using namespace esc::storage::test;

STORE_CASE("a rotation is issued once: the loser writes nothing, an unknown token is unknown") {
    TestType store;
    auto& tokens = store->tokens();
    tokens.save_refresh(make_refresh("rt-1", "fam-1"));
    CHECK(tokens.rotate_refresh("rt-1", issued("rt-2", "at-2", "fam-1")) == Redemption::issued);
    CHECK(tokens.find_refresh("rt-1")->used);
    auto next = tokens.find_refresh("rt-2");
    REQUIRE(next);
    CHECK_FALSE(next->used);
    CHECK(next->claims_json == R"({"userinfo":{"given_name":null}})");
    CHECK(tokens.access_token_claims("at-2") == R"({"userinfo":{"given_name":null}})");
    CHECK(tokens.access_token_claims("at-unknown").empty());
    CHECK(tokens.rotate_refresh("rt-1", issued("rt-3", "at-3", "fam-1")) == Redemption::replayed);
    CHECK_FALSE(tokens.find_refresh("rt-3"));
    CHECK(tokens.rotate_refresh("unknown", issued("rt-4", "at-4", "fam-1")) == Redemption::unknown);
    tokens.revoke_refresh("rt-2");
    CHECK(tokens.rotate_refresh("rt-2", issued("rt-5", "at-5", "fam-1")) == Redemption::replayed);
    CHECK_FALSE(tokens.find_refresh("rt-5"));
}

STORE_CASE("a code is redeemed once; its replay revokes what it issued and writes nothing") {
    TestType store;
    store->codes().save(make_code("code-1"));
    auto& tokens = store->tokens();
    CHECK(tokens.redeem_code("code-1", issued("rt-1", "at-1", "code-1")) == Redemption::issued);
    CHECK(store->codes().find("code-1")->used);
    CHECK_FALSE(tokens.find_refresh("rt-1")->revoked);
    CHECK_FALSE(tokens.is_access_token_revoked("at-1"));
    CHECK(tokens.redeem_code("code-1", issued("rt-9", "at-9", "code-1")) == Redemption::replayed);
    CHECK_FALSE(tokens.find_refresh("rt-9"));
    CHECK(tokens.find_refresh("rt-1")->revoked);
    CHECK(tokens.is_access_token_revoked("at-1"));
    CHECK(tokens.redeem_code("unknown", issued("rt-8", "at-8", "x")) == Redemption::unknown);
}

STORE_CASE("the sealed grace response is kept with the rotated token until its interval ends") {
    TestType store;
    auto& tokens = store->tokens();
    tokens.save_refresh(make_refresh("rt-1", "fam-1"));
    auto writes = issued("rt-2", "at-2", "fam-1");
    writes.grace_response = "c2VhbGVk";
    writes.grace_until = 1005;
    REQUIRE(tokens.rotate_refresh("rt-1", writes) == Redemption::issued);
    auto rotated = tokens.find_refresh("rt-1");
    CHECK(rotated->grace_response == "c2VhbGVk");
    CHECK(rotated->grace_until == 1005);
    CHECK(tokens.find_refresh("rt-2")->grace_response.empty());

    store->purge_expired(1004);
    CHECK(tokens.find_refresh("rt-1")->grace_response == "c2VhbGVk");
    store->purge_expired(1005);
    CHECK(tokens.find_refresh("rt-1")->grace_response.empty());
    CHECK(tokens.find_refresh("rt-1")->used); // the row itself stays until its expiry (reuse detection)
}
