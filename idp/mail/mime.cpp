#include "mail/mime.hpp"

#include <array>
#include <ctime>

#include "crypto/encoding.hpp"

namespace esc::mail {
namespace {

bool plain_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return s.find("=?") == std::string_view::npos; // would read as an encoded word
}

// Base64 in lines of 76 characters (RFC 2045 §6.8).
std::string base64_lines(std::string_view bytes) {
    const auto encoded = crypto::base64_encode(bytes);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += 76)
        out += encoded.substr(i, 76) + "\r\n";
    return out;
}

// Bare LF (templates, form input) becomes CRLF; lone CR is dropped: SMTP allows no other ends.
std::string crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (char c : text) {
        if (c == '\r') continue;
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

// Header values come from configuration and templates, but a newline in one would start a new
// header: removed, whatever its origin.
std::string single_line(std::string_view value) {
    std::string out;
    for (char c : value)
        out += (c == '\r' || c == '\n') ? ' ' : c;
    return out;
}

std::string part(std::string_view boundary, std::string_view type, std::string_view body) {
    std::string out = "--" + std::string(boundary) + "\r\n";
    out += "Content-Type: " + std::string(type) + "; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(crlf(body));
    return out;
}

std::string mailbox(const Sender& s) {
    if (s.display_name.empty()) return s.address;
    const auto name = single_line(s.display_name);
    if (plain_ascii(name) && name.find_first_of("\"(),:;<>@[\\]") == std::string::npos)
        return name + " <" + s.address + ">";
    return encode_header_word(name) + " <" + s.address + ">";
}

} // namespace

Sender parse_sender(std::string_view text) {
    Sender s;
    auto lt = text.find('<');
    auto gt = text.rfind('>');
    if (lt == std::string_view::npos) {
        if (domain::is_mail_address(text)) s.address = std::string(text);
        return s;
    }
    if (gt == std::string_view::npos || gt < lt || gt + 1 != text.size()) return s;
    auto address = text.substr(lt + 1, gt - lt - 1);
    if (!domain::is_mail_address(address)) return s;
    auto name = text.substr(0, lt);
    while (!name.empty() && name.back() == ' ')
        name.remove_suffix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    s.display_name = single_line(name);
    s.address = std::string(address);
    return s;
}

std::string encode_header_word(std::string_view value) {
    const auto line = single_line(value);
    if (plain_ascii(line)) return line;
    // 75-character words: "=?UTF-8?B?" + base64 + "?=" leaves 63 base64 characters, 45 bytes.
    constexpr std::size_t kChunk = 45;
    std::string out;
    std::size_t start = 0;
    while (start < line.size()) {
        std::size_t end = std::min(start + kChunk, line.size());
        // Never cut inside a UTF-8 sequence: back off over continuation bytes.
        while (end < line.size() && end > start && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
            --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + crypto::base64_encode(std::string_view(line).substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string rfc5322_date(domain::UnixTime t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string compose(const domain::OutboundMail& mail, const Sender& from, domain::UnixTime date,
                    std::string_view message_id) {
    const auto domain_part = from.address.substr(from.address.rfind('@') + 1);
    std::string m;
    m += "Date: " + rfc5322_date(date) + "\r\n";
    m += "From: " + mailbox(from) + "\r\n";
    m += "To: " + single_line(mail.recipient) + "\r\n";
    m += "Subject: " + encode_header_word(mail.subject) + "\r\n";
    m += "Message-ID: <" + std::string(message_id) + "@" + domain_part + ">\r\n";
    // RFC 3834: an automatic mail; vacation responders must not answer it.
    m += "Auto-Submitted: auto-generated\r\n";
    m += "MIME-Version: 1.0\r\n";
    if (mail.html.empty()) {
        m += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        m += base64_lines(crlf(mail.text));
        return m;
    }
    const std::string boundary = "=_esc_" + std::string(message_id);
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    m += part(boundary, "text/plain", mail.text);
    m += part(boundary, "text/html", mail.html);
    m += "--" + boundary + "--\r\n";
    return m;
}

} // namespace esc::mail
