#pragma once
#include <string>
#include <string_view>

#include "domain/mail.hpp"
#include "domain/time.hpp"

// The message an SMTP server receives (RFC 5322, MIME RFC 2045–2047): headers in ASCII (a
// subject or display name with accents as RFC 2047 encoded words), a multipart/alternative body
// with the text and the HTML part, each base64 in 76-character lines, CRLF line ends throughout.
namespace esc::mail {

struct Sender {
    std::string display_name; // "Esculape"
    std::string address;      // ne-pas-repondre@esculape.example
};

// Parses `Name <address>` or a bare address; nullopt-like empty address when malformed.
Sender parse_sender(std::string_view text);

// The whole message. `message_id` is the left part of the Message-ID (unique per mail), `date`
// the Date header's time.
std::string compose(const domain::OutboundMail& mail, const Sender& from, domain::UnixTime date,
                    std::string_view message_id);

// RFC 2047 "B" encoded word(s) for a header value that is not plain printable ASCII; the value
// itself otherwise. Encoded words stay under 76 characters and never split a UTF-8 sequence.
std::string encode_header_word(std::string_view value);
// RFC 5322 §3.3 date-time in UTC: "Mon, 07 Dec 2026 16:21:38 +0000".
std::string rfc5322_date(domain::UnixTime t);

} // namespace esc::mail
