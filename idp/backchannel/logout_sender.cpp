#include "backchannel/logout_sender.hpp"

#include <iostream>

#include "storage/store.hpp"

namespace esc::backchannel {
namespace {
constexpr int kBatch = 20;
constexpr domain::UnixTime kLease = 60;
} // namespace

LogoutSender::LogoutSender(storage::Store& store, LogoutPoster& poster, const domain::Clock& clock, int max_attempts)
    : store_(store), poster_(poster), clock_(clock), max_attempts_(max_attempts) {}

LogoutSender::Pass LogoutSender::run_once() {
    Pass pass;
    const auto now = clock_.now();
    auto& queue = store_.logout_deliveries();
    for (const auto& d : queue.claim_due(now, now + kLease, kBatch)) {
        const auto result = poster_.post(d.uri, d.logout_token);
        if (result.outcome == PostResult::Outcome::delivered) {
            queue.mark_sent(d.id);
            ++pass.delivered;
        } else if (result.outcome == PostResult::Outcome::permanent || d.attempts >= max_attempts_) {
            queue.mark_failed(d.id, result.error);
            ++pass.failed;
            std::cerr << "backchannel: logout of " << d.client_id << " at " << d.uri << " failed for good after "
                      << d.attempts << " attempt(s): " << result.error << "\n";
        } else {
            queue.mark_retry(d.id, clock_.now() + domain::logout_retry_delay(d.attempts), result.error);
            ++pass.retried;
        }
    }
    return pass;
}

void LogoutSender::start(int interval_ms) {
    thread_.start(std::chrono::milliseconds(interval_ms), [this] {
        try {
            auto pass = run_once();
            return pass.delivered + pass.retried + pass.failed >= kBatch;
        } catch (const std::exception& e) {
            std::cerr << "backchannel: delivery pass failed: " << e.what() << "\n";
            return false;
        }
    });
}

} // namespace esc::backchannel
