#pragma once
#include <string>

// How a composed message reaches an SMTP server. The sender (outbox_sender.hpp) only needs to know
// whether to retry: a transient failure (4xx, connection lost, timeout) is retried with back-off, a
// permanent one (5xx: unknown mailbox, refused sender) is recorded and never retried.
namespace esc::mail {

struct SendResult {
    enum class Outcome { sent, transient, permanent };
    Outcome outcome = Outcome::sent;
    std::string error; // what the server or the connection said, for the outbox and the log
};

class Transport {
public:
    virtual ~Transport() = default;
    // Delivers one message (RFC 5322 text, CRLF) from `envelope_from` to `recipient`.
    virtual SendResult send(const std::string& envelope_from, const std::string& recipient,
                            const std::string& message) = 0;
};

} // namespace esc::mail
