#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

// A mail Esculape sends, as the outbox keeps it: queued in the same transaction as the event that
// causes it (a link issued, an account created), delivered later by the sender (mail/), retried
// with back-off, and recorded as failed when the server refuses it for good.
namespace esc::domain {

enum class MailState {
    pending, // waiting for its next attempt
    sent,    // accepted by the SMTP server
    failed,  // refused for good (5xx) or out of attempts: visible to administrators
};

struct OutboundMail {
    std::int64_t id = 0;
    std::string recipient; // one address (addr-spec, validated before queueing)
    std::string subject;
    std::string text; // text/plain part, UTF-8
    std::string html; // text/html part, UTF-8; "" = text only
    UnixTime created_at = 0;
    UnixTime next_attempt_at = 0; // also the lease: a sender claiming it pushes it forward
    int attempts = 0;
    MailState state = MailState::pending;
    std::string last_error;
    UnixTime sent_at = 0;
};

std::string_view name_of(MailState state);
std::optional<MailState> mail_state_from_name(std::string_view name);

// The delay before attempt number `attempts + 1` after `attempts` transient failures: 30 s, then
// doubling up to one hour (an SMTP relay that greylists answers 4xx for minutes).
UnixTime mail_retry_delay(int attempts);

// A plausible single mailbox (RFC 5322 addr-spec, dot-atom local part, a domain with a dot):
// what a form accepts before a mail is queued to it. No display name, no comments, no quoted
// local part, at most 254 characters.
bool is_mail_address(std::string_view address);

} // namespace esc::domain
