#pragma once
#include <memory>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "mail/outbox_sender.hpp"
#include "mail/smtp_transport.hpp"

namespace esc::storage {
class Store;
}

namespace esc::app {

// The outbox sender of `serve`, built from [mail]: nothing when no smtp_url is set (mails stay
// queued, as the start-up warning says). Stops its thread when destroyed.
class MailSender {
public:
    MailSender(const config::Config& config, storage::Store& store, const domain::Clock& clock);
    bool enabled() const { return sender_ != nullptr; }

private:
    std::unique_ptr<mail::SmtpTransport> transport_;
    std::unique_ptr<mail::OutboxSender> sender_;
};

} // namespace esc::app
