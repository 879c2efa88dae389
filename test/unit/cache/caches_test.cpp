// The in-memory caches spare work, never a check: the userinfo body is keyed by the directory's
// version (read from the store on every call, so an import seen by any node misses at once) and
// lives ttl seconds at most; a verified token leaves at its expiry. Both are bounded in size.
#include <catch2/catch.hpp>

#include "cache/claims_cache.hpp"
#include "cache/token_cache.hpp"

using esc::cache::ClaimsCache;
using esc::cache::TokenCache;

TEST_CASE("a userinfo body is served while the directory version holds, for ttl seconds at most", "[unit]") {
    ClaimsCache cache(10, 100);
    cache.put("sub\nopenid", 7, 1000, R"({"sub":"x"})");
    CHECK(cache.find("sub\nopenid", 7, 1000) == R"({"sub":"x"})");
    CHECK(cache.find("sub\nopenid", 7, 1009) == R"({"sub":"x"})");
    CHECK_FALSE(cache.find("sub\nopenid", 7, 1010)); // the bound: ttl after it was built
    cache.put("sub\nopenid", 7, 1000, R"({"sub":"x"})");
    CHECK_FALSE(cache.find("sub\nopenid", 8, 1001)); // an import (any node's) bumped the version
    CHECK_FALSE(cache.find("sub\nopenid", 7, 1001)); // and the stale entry is gone
    CHECK_FALSE(cache.find("other", 7, 1001));
}

TEST_CASE("a full userinfo cache starts over instead of growing", "[unit]") {
    ClaimsCache cache(10, 2);
    cache.put("a", 1, 1000, "A");
    cache.put("b", 1, 1000, "B");
    cache.put("c", 1, 1000, "C"); // full: cleared, then c
    CHECK_FALSE(cache.find("a", 1, 1000));
    CHECK_FALSE(cache.find("b", 1, 1000));
    CHECK(cache.find("c", 1, 1000) == "C");
}

TEST_CASE("a verified access token is remembered until its expiry, keyed by its whole hash", "[unit]") {
    TokenCache cache(2);
    esc::domain::VerifiedAccessToken token;
    token.jti = "at-1";
    token.sub = "f:1:810000000001";
    cache.put("hash-1", token, 1120);
    REQUIRE(cache.find("hash-1", 1119));
    CHECK(cache.find("hash-1", 1119)->jti == "at-1");
    CHECK_FALSE(cache.find("hash-1", 1120)); // expired tokens are never served
    CHECK_FALSE(cache.find("hash-2", 1000));
    cache.put("hash-1", token, 1120);
    cache.put("hash-2", token, 1120);
    cache.put("hash-3", token, 1120); // full: cleared, then hash-3
    CHECK_FALSE(cache.find("hash-1", 1000));
    CHECK(cache.find("hash-3", 1000));
}
