#include <catch2/catch.hpp>

#include <string>

#include "endpoints/interactions.hpp"

using namespace esc::endpoints;

namespace {
esc::oidc::AuthorizationRequest request_with_state(std::size_t state_bytes) {
    esc::oidc::AuthorizationRequest ar;
    ar.client_id = "rp";
    ar.state = std::string(state_bytes, 's');
    return ar;
}
} // namespace

TEST_CASE("interactions expire after their lifetime and are purged, not only when full", "[unit][endpoints]") {
    InteractionLimits limits;
    limits.lifetime = 100;
    InteractionStore store(limits);
    auto a = store.create(request_with_state(10), "192.0.2.1", 1000);
    REQUIRE(a);
    CHECK(store.find(a->id, 1100));
    CHECK_FALSE(store.find(a->id, 1101));
    CHECK(store.size() == 0);
    CHECK(store.bytes() == 0);
}

TEST_CASE("the store keeps within its byte budget by dropping the oldest", "[unit][endpoints]") {
    InteractionLimits limits;
    const auto one = InteractionStore::estimated_bytes(Interaction{"x", request_with_state(2000), 0, 0, ""});
    limits.max_bytes = 3 * one + one / 2;
    InteractionStore store(limits);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(store.create(request_with_state(2000), "192.0.2.1", 1000 + i)->id);
    CHECK(store.size() == 3);
    CHECK(store.bytes() <= limits.max_bytes);
    CHECK_FALSE(store.find(ids[0], 1010));
    CHECK_FALSE(store.find(ids[1], 1010));
    CHECK(store.find(ids[4], 1010));
}

TEST_CASE("creation is rate-limited per address, IPv6 per /64", "[unit][endpoints]") {
    InteractionLimits limits;
    limits.max_per_address = 3;
    limits.rate_window = 60;
    InteractionStore store(limits);
    for (int i = 0; i < 3; ++i)
        CHECK(store.create({}, "2001:db8::" + std::to_string(i + 1), 1000));
    CHECK_FALSE(store.create({}, "2001:db8::ffff", 1001)); // same /64
    CHECK(store.create({}, "2001:db8:0:1::1", 1001));      // another /64
    CHECK(store.create({}, "192.0.2.7", 1001));
    CHECK(store.create({}, "2001:db8::1", 1060)); // a new window
}
