#pragma once
#include <cstdint>

#include "backchannel/http_post.hpp"
#include "domain/time.hpp"
#include "mail/periodic_thread.hpp"

namespace esc::storage {
class Store;
}

namespace esc::backchannel {

// Delivers the logout tokens queued by a logout everywhere (storage LogoutDeliveryQueue): claimed
// with a 60 s lease, POSTed, then recorded sent, retried (5 s doubling, domain::logout_retry_delay)
// or failed after `max_attempts`. Several nodes may run one each on a shared store.
class LogoutSender {
public:
    LogoutSender(storage::Store& store, LogoutPoster& poster, const domain::Clock& clock, int max_attempts = 6);

    struct Pass {
        int delivered = 0;
        int retried = 0;
        int failed = 0;
    };
    Pass run_once();
    void start(int interval_ms = 1000);
    void stop() { thread_.stop(); }

private:
    storage::Store& store_;
    LogoutPoster& poster_;
    const domain::Clock& clock_;
    int max_attempts_;
    mail::PeriodicThread thread_;
};

} // namespace esc::backchannel
