#pragma once
#include <atomic>
#include <cstdint>
#include <string>

#include "domain/time.hpp"
#include "mail/mime.hpp"
#include "mail/periodic_thread.hpp"
#include "mail/transport.hpp"

namespace esc::storage {
class Store;
}

namespace esc::mail {

struct SenderSettings {
    Sender from;
    int max_attempts = 10; // then the mail is recorded as failed
    int batch = 20;        // mails claimed per pass
    // A claimed mail is leased this long: a node that dies mid-send leaves it to be retried after.
    domain::UnixTime lease_seconds = 300;
};

// Delivers the outbox (storage MailOutbox): claims the mails that are due, sends each, records the
// result. Several nodes may run one each on a shared store: a claim leases the mail, so two
// senders do not send it at once. `run_once` is what the thread repeats, callable from tests with
// a fake clock and transport.
class OutboxSender {
public:
    OutboxSender(storage::Store& store, Transport& transport, const domain::Clock& clock, SenderSettings settings);
    ~OutboxSender();
    OutboxSender(const OutboxSender&) = delete;
    OutboxSender& operator=(const OutboxSender&) = delete;

    struct Pass {
        int sent = 0;
        int retried = 0;
        int failed = 0;
    };
    Pass run_once();

    // A thread that runs a pass every `interval_ms` (at once again after a full batch).
    void start(int interval_ms = 1000);
    void stop();

    // Totals since start, for /metrics.
    std::uint64_t sent_total() const { return sent_total_; }
    std::uint64_t failed_total() const { return failed_total_; }

private:
    storage::Store& store_;
    Transport& transport_;
    const domain::Clock& clock_;
    SenderSettings settings_;
    std::atomic<std::uint64_t> sent_total_{0};
    std::atomic<std::uint64_t> failed_total_{0};
    PeriodicThread thread_;
};

} // namespace esc::mail
