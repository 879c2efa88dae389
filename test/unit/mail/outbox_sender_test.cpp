#include <catch2/catch.hpp>

#include <deque>

#include "mail/outbox_sender.hpp"
#include "storage/store.hpp"

using namespace esc;
using Outcome = mail::SendResult::Outcome;

namespace {

// Answers from a script, records what it was given.
struct ScriptedTransport : mail::Transport {
    std::deque<mail::SendResult> answers;
    std::vector<std::string> recipients;
    std::vector<std::string> messages;
    mail::SendResult send(const std::string& from, const std::string& to, const std::string& message) override {
        CHECK(from == "no-reply@esculape.test");
        recipients.push_back(to);
        messages.push_back(message);
        if (answers.empty()) return {Outcome::sent, ""};
        auto a = answers.front();
        answers.pop_front();
        return a;
    }
};

struct Fixture {
    std::unique_ptr<storage::Store> store = storage::open_memory_store();
    ScriptedTransport transport;
    domain::FakeClock clock{10'000};
    mail::OutboxSender sender{
        *store, transport, clock,
        mail::SenderSettings{mail::parse_sender("Esculape <no-reply@esculape.test>"), 3, 20, 300}};

    std::int64_t queue(const std::string& to) {
        domain::OutboundMail m;
        m.recipient = to;
        m.subject = "Objet";
        m.text = "texte";
        m.created_at = clock.now();
        m.next_attempt_at = clock.now();
        return store->outbox().enqueue(m);
    }
    domain::OutboundMail mail(std::int64_t id) {
        for (const auto& m : store->outbox().recent(100, std::nullopt))
            if (m.id == id) return m;
        FAIL("no mail " << id);
        return {};
    }
};

} // namespace

TEST_CASE("the sender delivers due mails and records them sent", "[unit][mail]") {
    Fixture f;
    const auto a = f.queue("a@example.test");
    const auto b = f.queue("b@example.test");
    auto pass = f.sender.run_once();
    CHECK(pass.sent == 2);
    CHECK(f.transport.recipients == std::vector<std::string>{"a@example.test", "b@example.test"});
    CHECK(f.mail(a).state == domain::MailState::sent);
    CHECK(f.mail(b).sent_at == 10'000);
    CHECK(f.transport.messages[0].find("To: a@example.test\r\n") != std::string::npos);
    CHECK(f.sender.run_once().sent == 0); // nothing sent twice
    CHECK(f.sender.sent_total() == 2);
}

TEST_CASE("a transient failure is retried with back-off, then recorded failed after the last attempt", "[unit][mail]") {
    Fixture f;
    const auto id = f.queue("a@example.test");
    f.transport.answers = {{Outcome::transient, "SMTP 451: greylisted"},
                           {Outcome::transient, "timeout"},
                           {Outcome::transient, "SMTP 421: closing"}};
    CHECK(f.sender.run_once().retried == 1);
    auto m = f.mail(id);
    CHECK(m.state == domain::MailState::pending);
    CHECK(m.last_error == "SMTP 451: greylisted");
    CHECK(m.next_attempt_at == 10'000 + domain::mail_retry_delay(1));
    CHECK(f.sender.run_once().retried == 0); // not due yet
    f.clock.advance(domain::mail_retry_delay(1));
    CHECK(f.sender.run_once().retried == 1);
    f.clock.advance(domain::mail_retry_delay(2));
    auto pass = f.sender.run_once(); // third attempt of max_attempts = 3
    CHECK(pass.failed == 1);
    CHECK(f.mail(id).state == domain::MailState::failed);
    CHECK(f.mail(id).last_error == "SMTP 421: closing");
    CHECK(f.sender.failed_total() == 1);
}

TEST_CASE("a permanent refusal is recorded at once and never retried", "[unit][mail]") {
    Fixture f;
    const auto id = f.queue("nobody@example.test");
    f.transport.answers = {{Outcome::permanent, "SMTP 550: no such mailbox"}};
    CHECK(f.sender.run_once().failed == 1);
    CHECK(f.mail(id).state == domain::MailState::failed);
    f.clock.advance(100'000);
    CHECK(f.sender.run_once().sent == 0);
    CHECK(f.transport.recipients.size() == 1);
}

TEST_CASE("retry delays double from 30 s up to an hour", "[unit][mail]") {
    CHECK(domain::mail_retry_delay(1) == 30);
    CHECK(domain::mail_retry_delay(2) == 60);
    CHECK(domain::mail_retry_delay(3) == 120);
    CHECK(domain::mail_retry_delay(8) == 3600);
    CHECK(domain::mail_retry_delay(50) == 3600);
}
