#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "domain/login_throttle.hpp"

using namespace esc::domain;

namespace {
ThrottleLimits limits() {
    ThrottleLimits l;
    l.max_failures_per_account = 3;
    l.max_failures_per_address = 5;
    l.window_seconds = 600;
    l.lockout_seconds = 300;
    return l;
}
} // namespace

TEST_CASE("account lockout after repeated failures", "[unit]") {
    FakeClock clock;
    LoginThrottle throttle(clock, limits());

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
    CHECK(d.retry_after_seconds == 300);
    CHECK_FALSE(throttle.check("DUPONT", "10.0.0.3").allowed); // logins compared case-insensitively
    CHECK(throttle.check("martin", "10.0.0.1").allowed);       // other accounts are unaffected

    clock.advance(299);
    CHECK(throttle.check("dupont", "10.0.0.1").retry_after_seconds == 1);
    clock.advance(1);
    CHECK(throttle.check("dupont", "10.0.0.1").allowed);
    // After the lockout the count starts afresh.
    throttle.record_failure("dupont", "10.0.0.9");
    CHECK(throttle.check("dupont", "10.0.0.9").allowed);
}

TEST_CASE("failures outside the sliding window do not count", "[unit]") {
    FakeClock clock;
    LoginThrottle throttle(clock, limits());
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
    LoginThrottle throttle(clock, limits());
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
    CHECK(d.retry_after_seconds == 300);
    CHECK(throttle.check("durand", "10.0.0.2").allowed);
}

TEST_CASE("memory stays bounded, the least recently touched key goes first", "[unit]") {
    FakeClock clock;
    auto l = limits();
    l.max_entries = 3;
    LoginThrottle throttle(clock, l);
    for (const char* login : {"a", "b", "c"}) {
        throttle.record_failure(login, "10.0.0.1");
        throttle.record_failure(login, "10.0.0.1");
    }
    throttle.record_failure("a", "10.0.0.2"); // "a" becomes the most recent; "b" is now the oldest
    throttle.record_failure("d", "10.0.0.3");
    CHECK(throttle.tracked_accounts() == 3);
    CHECK(throttle.tracked_addresses() == 3);
    CHECK_FALSE(throttle.check("a", "x").allowed); // a kept its three failures
    throttle.record_failure("b", "10.0.0.4");      // b was evicted: counting restarts at one
    throttle.record_failure("b", "10.0.0.4");
    CHECK(throttle.check("b", "y").allowed);

    for (int i = 0; i < 1000; ++i)
        throttle.record_failure(std::string(10'000, 'x') + std::to_string(i), "10.0.0.5");
    CHECK(throttle.tracked_accounts() == 3);
}

TEST_CASE("the throttle is safe to share between threads", "[unit]") {
    FakeClock clock;
    auto l = limits();
    l.max_failures_per_account = 1000;
    l.max_failures_per_address = 1'000'000;
    LoginThrottle throttle(clock, l);
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
