#include <catch2/catch.hpp>

#include <deque>

#include "backchannel/logout_sender.hpp"
#include "storage/store.hpp"

using namespace esc;
using Outcome = backchannel::PostResult::Outcome;

namespace {

struct ScriptedPoster : backchannel::LogoutPoster {
    std::deque<backchannel::PostResult> answers;
    std::vector<std::string> uris;
    backchannel::PostResult post(const std::string& uri, const std::string& token) override {
        CHECK(token == "jwt");
        uris.push_back(uri);
        if (answers.empty()) return {Outcome::delivered, ""};
        auto a = answers.front();
        answers.pop_front();
        return a;
    }
};

domain::LogoutDelivery delivery(const std::string& uri, domain::UnixTime at) {
    domain::LogoutDelivery d;
    d.client_id = "dcc";
    d.uri = uri;
    d.logout_token = "jwt";
    d.created_at = d.next_attempt_at = at;
    return d;
}

} // namespace

TEST_CASE("logout tokens are delivered, retried after 5 s doubling, and given up after the last attempt",
          "[unit][backchannel]") {
    auto store = storage::open_memory_store();
    ScriptedPoster poster;
    domain::FakeClock clock{10'000};
    backchannel::LogoutSender sender(*store, poster, clock, 3);
    store->logout_deliveries().enqueue(
        {delivery("https://a.test/bcl", 10'000), delivery("https://b.test/bcl", 10'000)});
    poster.answers = {{Outcome::delivered, ""}, {Outcome::transient, "HTTP 503"}};
    auto pass = sender.run_once();
    CHECK(pass.delivered == 1);
    CHECK(pass.retried == 1);
    CHECK(sender.run_once().retried == 0); // not due yet
    clock.advance(domain::logout_retry_delay(1));
    CHECK(domain::logout_retry_delay(1) == 5);
    poster.answers = {{Outcome::transient, "timeout"}, {Outcome::transient, "HTTP 502"}};
    CHECK(sender.run_once().retried == 1);
    clock.advance(domain::logout_retry_delay(2));
    CHECK(sender.run_once().failed == 1); // third attempt of three
    auto recent = store->logout_deliveries().recent(10);
    CHECK(recent[0].state == domain::MailState::failed);
    CHECK(recent[0].last_error == "HTTP 502");
    CHECK(recent[1].state == domain::MailState::sent);
    CHECK(poster.uris == std::vector<std::string>{"https://a.test/bcl", "https://b.test/bcl", "https://b.test/bcl",
                                                  "https://b.test/bcl"});
}

TEST_CASE("a relying party refusing a logout token (4xx) is not asked again", "[unit][backchannel]") {
    auto store = storage::open_memory_store();
    ScriptedPoster poster;
    domain::FakeClock clock{10'000};
    backchannel::LogoutSender sender(*store, poster, clock);
    store->logout_deliveries().enqueue({delivery("https://a.test/bcl", 10'000)});
    poster.answers = {{Outcome::permanent, "HTTP 400"}};
    CHECK(sender.run_once().failed == 1);
    clock.advance(3600);
    CHECK(sender.run_once().delivered == 0);
    CHECK(poster.uris.size() == 1);
    CHECK(domain::logout_retry_delay(10) == 300);
}
