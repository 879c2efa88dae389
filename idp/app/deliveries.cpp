#include "app/deliveries.hpp"

#include <iostream>

namespace esc::app {

Deliveries::Deliveries(const config::Config& config, storage::Store& store, const domain::Clock& clock)
    : logouts_(store, poster_, clock) {
    logouts_.start();
    const auto& m = config.mail;
    if (m.smtp_url.empty()) return;
    mail::SmtpSettings smtp;
    smtp.url = m.smtp_url;
    smtp.security = m.security == "tls"    ? mail::SmtpSettings::Security::tls
                    : m.security == "none" ? mail::SmtpSettings::Security::none
                                           : mail::SmtpSettings::Security::starttls;
    smtp.username = m.username;
    smtp.password = m.password;
    smtp.ca_file = m.ca_file;
    smtp.timeout_seconds = m.timeout_seconds;
    transport_ = std::make_unique<mail::SmtpTransport>(smtp);
    mail::SenderSettings settings;
    settings.from = mail::parse_sender(m.from);
    settings.max_attempts = m.max_attempts;
    sender_ = std::make_unique<mail::OutboxSender>(store, *transport_, clock, settings);
    sender_->start();
    std::cout << "esculape: mail: sending the outbox through " << m.smtp_url << " (" << m.security << ")" << std::endl;
}

Deliveries::~Deliveries() {
    logouts_.stop();
    if (sender_) sender_->stop();
}

} // namespace esc::app
