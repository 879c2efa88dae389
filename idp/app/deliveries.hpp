#pragma once
#include <memory>

#include "backchannel/logout_sender.hpp"
#include "config/config.hpp"
#include "domain/time.hpp"
#include "mail/outbox_sender.hpp"
#include "mail/smtp_transport.hpp"

namespace esc::storage {
class Store;
}

namespace esc::app {

// The delivery threads of `serve`: the mail outbox, built from [mail] (nothing when no smtp_url is
// set: mails stay queued, as the start-up warning says), and the back-channel logout tokens. Both
// stop when destroyed.
class Deliveries {
public:
    Deliveries(const config::Config& config, storage::Store& store, const domain::Clock& clock);
    ~Deliveries();

private:
    std::unique_ptr<mail::SmtpTransport> transport_;
    std::unique_ptr<mail::OutboxSender> sender_;
    backchannel::CurlLogoutPoster poster_;
    backchannel::LogoutSender logouts_;
};

} // namespace esc::app
