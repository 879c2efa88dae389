#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "domain/login_throttle.hpp"
#include "storage/store.hpp"

using namespace esc::domain;

namespace {
ThrottleLimits limits() {
    ThrottleLimits l;
    l.max_failures_per_account = 3;
    l.max_failures_per_address = 5;
    l.window_seconds = 600;
    l.lockout_seconds = 300;
    l.first_delay_seconds = 30;
    return l;
}
} // namespace

TEST_CASE("past the free failures, each failure delays the account longer, up to the cap", "[unit]") {
    FakeClock clock;
    auto store = esc::storage::open_memory_store();
    LoginThrottle throttle(clock, limits(), store->throttle()); // 3 free failures, first delay 30 s, cap 300 s

    for (int i = 0; i < 2; ++i) {
        CHECK(throttle.check("dupont", "10.0.0.1").allowed);
        throttle.record_failure("dupont", "10.0.0.1");
        clock.advance(10);
    }
    CHECK(throttle.check("dupont", "10.0.0.1").allowed);
    throttle.record_failure("dupont", "10.0.0.1");

    auto d = throttle.check("dupont", "10.0.0.2");
    CHECK_FALSE(d.allowed);
    CHECK(d.reason == ThrottleReason::account);
    CHECK(d.retry_after_seconds == 30);
    CHECK_FALSE(throttle.check("DUPONT", "10.0.0.3").allowed); // logins compared case-insensitively
    CHECK(throttle.check("martin", "10.0.0.1").allowed);       // other accounts are unaffected

    clock.advance(29);
    CHECK(throttle.check("dupont", "10.0.0.1").retry_after_seconds == 1);
    clock.advance(1);
    CHECK(throttle.check("dupont", "10.0.0.1").allowed); // a delay, not a lock
    // Each further failure doubles the delay: 60, 120, 240, then the 300 s cap.
    for (UnixTime expected : {60, 120, 240, 300}) {
        throttle.record_failure("dupont", "10.0.0.9");
        CHECK(throttle.check("dupont", "10.0.0.9").retry_after_seconds == expected);
        clock.advance(expected);
    }
}

TEST_CASE("a trusted device is not held back by the account's delay", "[unit]") {
    FakeClock clock;
    auto store = esc::storage::open_memory_store();
    LoginThrottle throttle(clock, limits(), store->throttle());
    for (int i = 0; i < 3; ++i)
        throttle.record_failure("dupont", "192.0.2." + std::to_string(i));
    CHECK_FALSE(throttle.check("dupont", "198.51.100.7").allowed);
    CHECK(throttle.check("dupont", "198.51.100.7", true).allowed);
    // The device's own failures count separately; past the free ones it is no longer trusted.
    for (int i = 0; i < 3; ++i)
        throttle.record_failure("dupont", "198.51.100.7", true);
    CHECK_FALSE(throttle.check("dupont", "198.51.100.7", true).allowed);
}

TEST_CASE("IPv6 addresses are counted per /64, IPv4-mapped ones as IPv4", "[unit]") {
    FakeClock clock;
    auto store = esc::storage::open_memory_store();
    LoginThrottle throttle(clock, limits(), store->throttle()); // 5 failures per address
    for (int i = 0; i < 5; ++i)
        throttle.record_failure("login" + std::to_string(i), "2001:db8:1:2::" + std::to_string(i + 1));
    auto d = throttle.check("another", "2001:db8:1:2:ffff:ffff:ffff:ffff");
    CHECK_FALSE(d.allowed);
    CHECK(d.reason == ThrottleReason::address);
    CHECK(throttle.check("another", "2001:db8:1:3::1").allowed); // the next /64 is someone else

    for (int i = 0; i < 5; ++i)
        throttle.record_failure("v4-" + std::to_string(i), "::ffff:192.0.2.1");
    CHECK_FALSE(throttle.check("another", "192.0.2.1").allowed);
    CHECK(throttle.check("another", "192.0.2.2").allowed);
}

TEST_CASE("failures outside the sliding window do not count", "[unit]") {
    FakeClock clock;
    auto store = esc::storage::open_memory_store();
    LoginThrottle throttle(clock, limits(), store->throttle());
    throttle.record_failure("dupont", "a");
    clock.advance(400);
    throttle.record_failure("dupont", "b");
    clock.advance(201); // the first failure is now 601 s old
    throttle.record_failure("dupont", "c");
    CHECK(throttle.check("dupont", "d").allowed);
    clock.advance(1);
    throttle.record_failure("dupont", "e"); // three within 600 s: b, c, e
    CHECK_FALSE(throttle.check("dupont", "f").allowed);
}

TEST_CASE("success clears the account but not the address", "[unit]") {
    FakeClock clock;
    auto store = esc::storage::open_memory_store();
    LoginThrottle throttle(clock, limits(), store->throttle());
    throttle.record_failure("dupont", "10.0.0.1");
    throttle.record_failure("dupont", "10.0.0.1");
    throttle.record_success("dupont", "10.0.0.1");
    throttle.record_failure("dupont", "10.0.0.1");
    throttle.record_failure("dupont", "10.0.0.1");
    CHECK(throttle.check("dupont", "10.0.0.2").allowed); // two since the success

    // The address has seen four failures; a fifth on another login locks it.
    throttle.record_failure("martin", "10.0.0.1");
    auto d = throttle.check("durand", "10.0.0.1");
    CHECK_FALSE(d.allowed);
    CHECK(d.reason == ThrottleReason::address);
    CHECK(d.retry_after_seconds == 30);
    CHECK(throttle.check("durand", "10.0.0.2").allowed);
}

TEST_CASE("two nodes over one store share the counts; a history is bounded and purged", "[unit]") {
    FakeClock clock;
    auto store = esc::storage::open_memory_store();
    LoginThrottle node_a(clock, limits(), store->throttle());
    LoginThrottle node_b(clock, limits(), store->throttle());
    node_a.record_failure("dupont", "10.0.0.1");
    node_b.record_failure("dupont", "10.0.0.2");
    node_a.record_failure("dupont", "10.0.0.3");
    CHECK_FALSE(node_b.check("dupont", "10.0.0.4").allowed); // three failures, on two nodes

    for (int i = 0; i < 100; ++i)
        node_a.record_failure(std::string(10'000, 'x'), "10.0.0.5");
    const auto kept = store->throttle().failures("login:account:" + std::string(256, 'x'));
    CHECK(kept.size() == 3 + 32); // the free failures plus what the longest delay needs
    // Past both the window and the longest delay the histories are purged.
    clock.advance(601);
    CHECK(store->purge_expired(clock.now()) >= 3);
    CHECK(store->throttle().failures("login:account:dupont").empty());
    CHECK(node_b.check("dupont", "10.0.0.4").allowed);
}

TEST_CASE("the throttle is safe to share between threads", "[unit]") {
    FakeClock clock;
    auto l = limits();
    l.max_failures_per_account = 1000;
    l.max_failures_per_address = 1'000'000;
    auto store = esc::storage::open_memory_store();
    LoginThrottle throttle(clock, l, store->throttle());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&throttle] {
            for (int i = 0; i < 250; ++i) {
                throttle.record_failure("shared", "10.0.0.1");
                (void)throttle.check("shared", "10.0.0.1");
            }
        });
    for (auto& t : threads)
        t.join();
    // 1000 failures recorded concurrently: exactly the account limit, so it is locked now.
    CHECK_FALSE(throttle.check("shared", "10.0.0.2").allowed);
}
