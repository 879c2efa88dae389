#include <catch2/catch.hpp>

#include <ctime>

#include "http/connection_registry.hpp"

using namespace esc::http;

namespace {
struct Conn {};
} // namespace

TEST_CASE("connection registry: per-address cap", "[unit][http]") {
    ConnectionRegistry<Conn> registry;
    auto a1 = registry.add(std::make_shared<Conn>(), "198.51.100.1", 2);
    auto a2 = registry.add(std::make_shared<Conn>(), "198.51.100.1", 2);
    REQUIRE(a1);
    REQUIRE(a2);
    CHECK_FALSE(registry.add(std::make_shared<Conn>(), "198.51.100.1", 2)); // third from the same address
    CHECK(registry.add(std::make_shared<Conn>(), "198.51.100.2", 2));       // another address is not affected
    CHECK(registry.count_for("198.51.100.1") == 2);
    registry.remove(*a1);
    CHECK(registry.count_for("198.51.100.1") == 1);
    CHECK(registry.add(std::make_shared<Conn>(), "198.51.100.1", 2)); // a freed slot can be reused
    CHECK(registry.size() == 3);
    // 0 = no cap (admin listener).
    for (int i = 0; i < 10; ++i)
        CHECK(registry.add(std::make_shared<Conn>(), "127.0.0.1", 0));
}

TEST_CASE("connection registry: removing many connections is linear in total", "[unit][http]") {
    // 100,000 connections closed at once: with a scan per removal (the old set of shared_ptrs
    // searched linearly) this is 5e9 steps, tens of seconds; with O(1) removal, milliseconds.
    constexpr int kCount = 100000;
    ConnectionRegistry<Conn> registry;
    std::vector<ConnectionRegistry<Conn>::Handle> handles;
    handles.reserve(kCount);
    for (int i = 0; i < kCount; ++i)
        handles.push_back(*registry.add(std::make_shared<Conn>(), "10.0." + std::to_string(i % 250) + ".1", 0));
    const std::clock_t started = std::clock(); // CPU time: not inflated by a loaded machine
    for (auto& h : handles)
        registry.remove(h);
    const double ms = 1000.0 * static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
    CHECK(registry.empty());
    CHECK(registry.count_for("10.0.1.1") == 0);
    INFO("removal of " << kCount << " connections took " << ms << " ms");
    CHECK(ms < 1000);
}
