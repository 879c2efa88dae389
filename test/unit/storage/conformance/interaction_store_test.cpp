#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "../backends.hpp"

using esc::storage::StoredInteraction;
using State = esc::domain::InteractionState;

namespace {
StoredInteraction pending(const std::string& id, esc::domain::UnixTime created, esc::domain::UnixTime lifetime = 1800) {
    StoredInteraction i;
    i.id = id;
    i.payload = R"({"v":1,"client_id":"rp","state":"é\u0000x"})";
    i.created_at = created;
    i.expires_at = created + lifetime;
    return i;
}
} // namespace

STORE_CASE("an interaction round-trips until its expiry, never after") {
    TestType store;
    auto& interactions = store->interactions();
    interactions.create(pending("i-1", 1000));
    auto found = interactions.find("i-1", 1000);
    REQUIRE(found);
    CHECK(found->payload == R"({"v":1,"client_id":"rp","state":"é\u0000x"})");
    CHECK(found->state == State::awaiting_login);
    CHECK(found->created_at == 1000);
    CHECK(found->expires_at == 2800);
    CHECK(found->authenticated_at == 0);
    CHECK(found->session_id_hash.empty());
    CHECK(interactions.find("i-1", 2800));       // its last second
    CHECK_FALSE(interactions.find("i-1", 2801)); // expired: gone even before the janitor runs
    CHECK_FALSE(interactions.find("unknown", 1000));
    CHECK_THROWS_AS(interactions.create(pending("i-1", 1200)), esc::storage::StorageError);

    interactions.remove("i-1");
    CHECK_FALSE(interactions.find("i-1", 1000));
    interactions.remove("i-1"); // removing twice is harmless
}

STORE_CASE("a transition is compare-and-set on the state it expects") {
    TestType store;
    auto& interactions = store->interactions();
    interactions.create(pending("i-1", 1000));
    CHECK_FALSE(interactions.transition("i-1", State::authenticated, State::done, 1010, ""));
    CHECK(interactions.transition("i-1", State::awaiting_login, State::authenticated, 1010, "session-hash"));
    CHECK_FALSE(interactions.transition("i-1", State::awaiting_login, State::authenticated, 1011, "other"));
    auto found = interactions.find("i-1", 1020);
    REQUIRE(found);
    CHECK(found->state == State::authenticated);
    CHECK(found->authenticated_at == 1010);
    CHECK(found->session_id_hash == "session-hash"); // the loser did not overwrite it

    CHECK(interactions.transition("i-1", State::authenticated, State::done, 1030, ""));
    found = interactions.find("i-1", 1030);
    CHECK(found->state == State::done);
    CHECK(found->authenticated_at == 1010); // only the move to `authenticated` records the login
    CHECK(found->session_id_hash == "session-hash");
    CHECK_FALSE(interactions.transition("unknown", State::awaiting_login, State::authenticated, 1030, ""));

    interactions.create(pending("i-old", 1000, 100));
    CHECK_FALSE(interactions.transition("i-old", State::awaiting_login, State::authenticated, 1101, "late"));
}

STORE_CASE("of racing threads exactly one completes an interaction") {
    TestType store;
    constexpr int kInteractions = 50;
    for (int i = 0; i < kInteractions; ++i)
        store->interactions().create(pending("i-" + std::to_string(i), 1000));
    std::atomic<int> wins{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kInteractions; ++i)
                if (store->interactions().transition("i-" + std::to_string(i), State::awaiting_login,
                                                     State::authenticated, 1001, "s-" + std::to_string(t)))
                    ++wins;
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(wins == kInteractions);
}

STORE_CASE("count sees live interactions; trim_oldest keeps the newest; purge drops the expired") {
    TestType store;
    auto& interactions = store->interactions();
    for (int i = 0; i < 6; ++i)
        interactions.create(pending("i-" + std::to_string(i), 1000 + i, 100));
    CHECK(interactions.count(1000) == 6);
    CHECK(interactions.count(1102) == 4); // i-0 and i-1 expired at 1100 and 1101
    CHECK(interactions.trim_oldest(10) == 0);
    CHECK(interactions.trim_oldest(4) == 2);
    CHECK_FALSE(interactions.find("i-0", 1050));
    CHECK_FALSE(interactions.find("i-1", 1050));
    CHECK(interactions.find("i-2", 1050));
    CHECK(interactions.find("i-5", 1050));
    CHECK(interactions.count(1050) == 4);

    store->purge_expired(1103); // i-2 (expires 1102) is past; i-3 (1103) lives its last second
    CHECK(interactions.count(1000) == 3);
    CHECK(interactions.find("i-3", 1103));
}
