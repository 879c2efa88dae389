#include <catch2/catch.hpp>

#include "../backends.hpp"

using Times = std::vector<esc::domain::UnixTime>;

STORE_CASE("a failure history keeps the newest, forgets the old, and is cleared per key") {
    TestType store;
    auto& throttle = store->throttle();
    CHECK(throttle.failures("login:account:dr.moreau").empty());
    CHECK(throttle.add_failure("login:account:dr.moreau", 1000, 0, 3, 2000) == Times{1000});
    CHECK(throttle.add_failure("login:account:dr.moreau", 1010, 0, 3, 2010) == Times{1000, 1010});
    CHECK(throttle.add_failure("login:account:dr.moreau", 1020, 0, 3, 2020) == Times{1000, 1010, 1020});
    CHECK(throttle.add_failure("login:account:dr.moreau", 1030, 0, 3, 2030) == Times{1010, 1020, 1030});
    CHECK(throttle.add_failure("login:account:dr.moreau", 1040, 1020, 3, 2040) == Times{1030, 1040});
    CHECK(throttle.failures("login:account:dr.moreau") == Times{1030, 1040});
    CHECK(throttle.add_failure("login:address:192.0.2.1", 1040, 0, 3, 2040) == Times{1040});

    throttle.clear_failures("login:account:dr.moreau");
    CHECK(throttle.failures("login:account:dr.moreau").empty());
    CHECK(throttle.failures("login:address:192.0.2.1") == Times{1040});
    throttle.clear_failures("login:account:nobody");
}

STORE_CASE("histories go once their expiry passed, not before") {
    TestType store;
    auto& throttle = store->throttle();
    throttle.add_failure("login:account:a", 1000, 0, 5, 1900);
    throttle.add_failure("login:account:a", 1100, 0, 5, 2000); // expiry moves with the last failure
    throttle.add_failure("login:account:b", 1000, 0, 5, 1900);
    store->purge_expired(1950);
    CHECK(throttle.failures("login:account:a") == Times{1000, 1100});
    CHECK(throttle.failures("login:account:b").empty());
    store->purge_expired(2001);
    CHECK(throttle.failures("login:account:a").empty());
}

STORE_CASE("a rate window counts its hits and restarts with a newer window") {
    TestType store;
    auto& throttle = store->throttle();
    CHECK(throttle.hit("interactions:192.0.2.1", 1020, 1140) == 1);
    CHECK(throttle.hit("interactions:192.0.2.1", 1020, 1140) == 2);
    CHECK(throttle.hit("interactions:198.51.100.7", 1020, 1140) == 1);
    CHECK(throttle.hit("interactions:192.0.2.1", 1080, 1200) == 1); // next minute
    CHECK(throttle.hit("interactions:192.0.2.1", 1020, 1140) == 2); // a lagging node counts in the current one
    CHECK(throttle.hit("interactions:192.0.2.1", 1080, 1200) == 3);

    store->purge_expired(1300);
    CHECK(throttle.hit("interactions:192.0.2.1", 1080, 1200) == 1); // purged: counting starts again
}
