#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "../backends.hpp"

namespace domain = esc::domain;

// Several workers saving and redeeming codes at once: every code is redeemed exactly once even
// when two threads race for it, and no call fails with SQLITE_BUSY.
STORE_CASE("codes saved and consumed from 4 threads are each redeemed once") {
    TestType store;
    constexpr int kThreads = 4;
    constexpr int kPerThread = 500;
    std::atomic<int> first_redemptions{0};
    std::atomic<int> replays{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.emplace_back([&, t] {
            try {
                for (int i = 0; i < kPerThread; ++i) {
                    domain::AuthCode code;
                    code.code_hash = "code-" + std::to_string(t) + "-" + std::to_string(i);
                    code.client_id = "client";
                    code.expires_at = 2000;
                    store->codes().save(code);
                    // Each thread also redeems the code its neighbour just wrote, if already there.
                    const std::string mine = code.code_hash;
                    const std::string neighbour =
                        "code-" + std::to_string((t + 1) % kThreads) + "-" + std::to_string(i);
                    for (const auto& hash : {mine, neighbour}) {
                        auto consumed = store->codes().consume(hash);
                        if (!consumed) continue;
                        (consumed->used ? replays : first_redemptions)++;
                    }
                    if (!store->sessions().find("absent")) continue; // exercise the read path
                }
            } catch (const std::exception&) {
                ++failures;
            }
        });
    }
    for (auto& worker : workers)
        worker.join();
    CHECK(failures == 0);
    CHECK(first_redemptions == kThreads * kPerThread);
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kPerThread; i += 97) {
            auto again = store->codes().consume("code-" + std::to_string(t) + "-" + std::to_string(i));
            REQUIRE(again);
            CHECK(again->used);
        }
}
