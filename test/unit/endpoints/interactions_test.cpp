#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

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

TEST_CASE("a login completes an interaction once: compare-and-set on its state", "[unit][endpoints]") {
    using esc::domain::InteractionEvent;
    using esc::domain::InteractionState;
    InteractionStore store;
    auto created = store.create(request_with_state(10), "192.0.2.1", 1000);
    REQUIRE(created);
    const auto id = created->id;
    // Two POSTs of the same form race: exactly one wins.
    std::atomic<int> wins{0};
    std::vector<std::thread> posts;
    for (int i = 0; i < 8; ++i)
        posts.emplace_back([&, i] {
            if (store.transition(id, InteractionState::awaiting_login, InteractionEvent::login_succeeded, 1010,
                                 "session-" + std::to_string(i)))
                ++wins;
        });
    for (auto& t : posts)
        t.join();
    CHECK(wins == 1);
    auto found = store.find(id, 1011);
    REQUIRE(found);
    CHECK(found->state == InteractionState::authenticated);
    CHECK(found->session_id_hash.rfind("session-", 0) == 0);
    // The response goes back once; then the interaction is spent.
    CHECK(store.transition(id, InteractionState::authenticated, InteractionEvent::response_sent, 1012));
    CHECK_FALSE(store.transition(id, InteractionState::authenticated, InteractionEvent::response_sent, 1013));
    CHECK(store.find(id, 1014)->state == InteractionState::done);
    // The table refuses what it does not name, and an expired interaction accepts nothing.
    auto other = store.create(request_with_state(10), "192.0.2.1", 1000);
    CHECK_FALSE(store.transition(other->id, InteractionState::awaiting_login, InteractionEvent::response_sent, 1010));
    CHECK_FALSE(store.transition(other->id, InteractionState::awaiting_login, InteractionEvent::login_succeeded,
                                 1000 + 1801, "late"));
}
