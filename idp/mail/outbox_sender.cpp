#include "mail/outbox_sender.hpp"

#include <iostream>

#include "crypto/encoding.hpp"
#include "storage/store.hpp"

namespace esc::mail {

OutboxSender::OutboxSender(storage::Store& store, Transport& transport, const domain::Clock& clock,
                           SenderSettings settings)
    : store_(store), transport_(transport), clock_(clock), settings_(std::move(settings)) {}

OutboxSender::~OutboxSender() {
    stop();
}

OutboxSender::Pass OutboxSender::run_once() {
    Pass pass;
    const auto now = clock_.now();
    auto due = store_.outbox().claim_due(now, now + settings_.lease_seconds, settings_.batch);
    for (const auto& mail : due) {
        const auto message =
            compose(mail, settings_.from, now, "esc." + std::to_string(mail.id) + "." + crypto::random_token(12));
        const auto result = transport_.send(settings_.from.address, mail.recipient, message);
        const auto done_at = clock_.now();
        if (result.outcome == SendResult::Outcome::sent) {
            store_.outbox().mark_sent(mail.id, done_at);
            ++pass.sent;
            ++sent_total_;
        } else if (result.outcome == SendResult::Outcome::permanent || mail.attempts >= settings_.max_attempts) {
            store_.outbox().mark_failed(mail.id, result.error);
            ++pass.failed;
            ++failed_total_;
            std::cerr << "mail: " << mail.id << " to " << mail.recipient << " failed for good after " << mail.attempts
                      << " attempt(s): " << result.error << "\n";
        } else {
            store_.outbox().mark_retry(mail.id, done_at + domain::mail_retry_delay(mail.attempts), result.error);
            ++pass.retried;
        }
    }
    return pass;
}

void OutboxSender::start(int interval_ms) {
    thread_.start(std::chrono::milliseconds(interval_ms), [this] {
        try {
            auto pass = run_once();
            return pass.sent + pass.retried + pass.failed >= settings_.batch;
        } catch (const std::exception& e) {
            std::cerr << "mail: outbox pass failed: " << e.what() << "\n"; // the store; the next pass retries
            return false;
        }
    });
}

void OutboxSender::stop() {
    thread_.stop();
}

} // namespace esc::mail
