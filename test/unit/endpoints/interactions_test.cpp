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

TEST_CASE("interactions expire after their lifetime and are purged", "[unit][endpoints]") {
    auto backend = esc::storage::open_memory_store();
    InteractionLimits limits;
    limits.lifetime = 100;
    InteractionStore store(*backend, limits);
    auto a = store.create(request_with_state(10), "192.0.2.1", 1000);
    REQUIRE(a);
    CHECK(store.find(a->id, 1100));
    CHECK_FALSE(store.find(a->id, 1101));
    CHECK(backend->purge_expired(1101) >= 1);
    CHECK(backend->interactions().count(0) == 0);
}

TEST_CASE("the request comes back as it was validated, parsed members included", "[unit][endpoints]") {
    auto backend = esc::storage::open_memory_store();
    InteractionStore store(*backend);
    auto ar = request_with_state(5);
    ar.scopes = {"openid", "scope_all"};
    ar.response_mode = esc::oidc::ResponseMode::form_post;
    ar.claims_json = R"({"id_token":{"acr":{"essential":true,"values":["eidas3"]}}})";
    ar.acr_values = "eidas1";
    ar.max_age = 0;
    ar.prompt_login = true;
    auto created = store.create(ar, "192.0.2.1", 1000);
    REQUIRE(created);
    auto found = store.find(created->id, 1001);
    REQUIRE(found);
    REQUIRE(found->request);
    CHECK(found->request->scopes == ar.scopes);
    CHECK(found->request->response_mode == esc::oidc::ResponseMode::form_post);
    CHECK(found->request->max_age == 0);
    CHECK(found->request->prompt_login);
    CHECK(found->request->acr.essential);
    CHECK(found->request->acr.values == std::vector<std::string>{"eidas3"});
}

TEST_CASE("the janitor keeps the count within its bound by dropping the oldest", "[unit][endpoints]") {
    auto backend = esc::storage::open_memory_store();
    InteractionLimits limits;
    limits.max_entries = 3;
    InteractionStore store(*backend, limits);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(store.create(request_with_state(20), "192.0.2.1", 1000 + i)->id);
    CHECK(store.enforce_bound() == 2);
    CHECK_FALSE(store.find(ids[0], 1010));
    CHECK_FALSE(store.find(ids[1], 1010));
    CHECK(store.find(ids[2], 1010));
    CHECK(store.find(ids[4], 1010));
}

TEST_CASE("creation is rate-limited per address, IPv6 per /64", "[unit][endpoints]") {
    InteractionLimits limits;
    limits.max_per_address = 3;
    limits.rate_window = 60;
    auto backend = esc::storage::open_memory_store();
    InteractionStore store(*backend, limits);
    for (int i = 0; i < 3; ++i)
        CHECK(store.create({}, "2001:db8::" + std::to_string(i + 1), 1020));
    CHECK_FALSE(store.create({}, "2001:db8::ffff", 1021)); // same /64, same window
    CHECK(store.create({}, "2001:db8:0:1::1", 1021));      // another /64
    CHECK(store.create({}, "192.0.2.7", 1021));
    CHECK(store.create({}, "2001:db8::1", 1080)); // a new window
}

TEST_CASE("a login completes an interaction once: compare-and-set on its state", "[unit][endpoints]") {
    using esc::domain::InteractionEvent;
    using esc::domain::InteractionState;
    auto backend = esc::storage::open_memory_store();
    InteractionStore store(*backend);
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
