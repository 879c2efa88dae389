#pragma once
#include <string>

#include "mail/transport.hpp"

namespace esc::mail {

// [mail] of the configuration, as the transport needs it.
struct SmtpSettings {
    std::string url; // smtp://host:port (STARTTLS per `security`) or smtps://host:port (TLS from the start)
    enum class Security { starttls, tls, none } security = Security::starttls;
    std::string username; // "" = no authentication
    std::string password;
    std::string ca_file; // "" = the system's trust store
    int timeout_seconds = 30;
};

// SMTP through libcurl: one connection per message (the outbox sends a few mails a second at
// most; a kept connection would need its own health checks). With `starttls` the server must
// offer STARTTLS or nothing is sent (CURLUSESSL_ALL): credentials and links never go in clear.
class SmtpTransport final : public Transport {
public:
    explicit SmtpTransport(SmtpSettings settings);
    SendResult send(const std::string& envelope_from, const std::string& recipient,
                    const std::string& message) override;

private:
    SmtpSettings settings_;
};

} // namespace esc::mail
