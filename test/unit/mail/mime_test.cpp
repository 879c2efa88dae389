#include <catch2/catch.hpp>

#include "crypto/encoding.hpp"
#include "mail/mime.hpp"

using namespace esc;

namespace {

// The body of the part whose Content-Type starts with `type`, base64-decoded.
std::string decoded_part(const std::string& message, const std::string& type) {
    auto at = message.find("Content-Type: " + type);
    REQUIRE(at != std::string::npos);
    auto start = message.find("\r\n\r\n", at) + 4;
    auto end = message.find("\r\n--", start);
    std::string b64;
    for (char c : message.substr(start, end == std::string::npos ? std::string::npos : end - start))
        if (c != '\r' && c != '\n') b64 += c;
    auto decoded = crypto::base64_decode(b64);
    REQUIRE(decoded);
    return *decoded;
}

} // namespace

TEST_CASE("a mail is composed as multipart/alternative with CRLF line ends", "[unit][mail]") {
    domain::OutboundMail m;
    m.recipient = "claire.moreau@example.test";
    m.subject = "Réinitialisation de votre mot de passe";
    m.text = "Bonjour,\nvoici le lien : https://idp.test/password/reset?token=abc\n";
    m.html = "<p>Bonjour, l’équipe</p>";
    const auto message =
        mail::compose(m, mail::parse_sender("Esculape <ne-pas-repondre@esculape.test>"), 1'796'660'000, "esc.1.xyz");
    CHECK(message.find("From: Esculape <ne-pas-repondre@esculape.test>\r\n") != std::string::npos);
    CHECK(message.find("To: claire.moreau@example.test\r\n") != std::string::npos);
    CHECK(message.find("Subject: =?UTF-8?B?") != std::string::npos);
    CHECK(message.find("Message-ID: <esc.1.xyz@esculape.test>\r\n") != std::string::npos);
    CHECK(message.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
    CHECK(message.find("Content-Type: multipart/alternative; boundary=\"=_esc_esc.1.xyz\"") != std::string::npos);
    CHECK(message.find("--=_esc_esc.1.xyz--\r\n") != std::string::npos);
    // Every line ends with CRLF and none is longer than RFC 5322's 78 recommended characters.
    std::size_t start = 0;
    while (start < message.size()) {
        auto end = message.find('\n', start);
        REQUIRE(end != std::string::npos);
        CHECK(end > start);
        CHECK(message[end - 1] == '\r');
        CHECK(end - start - 1 <= 78);
        start = end + 1;
    }
    CHECK(decoded_part(message, "text/plain") ==
          "Bonjour,\r\nvoici le lien : https://idp.test/password/reset?token=abc\r\n");
    CHECK(decoded_part(message, "text/html") == "<p>Bonjour, l’équipe</p>");
}

TEST_CASE("a text-only mail has a single part", "[unit][mail]") {
    domain::OutboundMail m;
    m.recipient = "a@example.test";
    m.subject = "Plain subject";
    m.text = "texte";
    const auto message = mail::compose(m, mail::parse_sender("a@esculape.test"), 0, "id");
    CHECK(message.find("Subject: Plain subject\r\n") != std::string::npos);
    CHECK(message.find("multipart") == std::string::npos);
    CHECK(decoded_part(message, "text/plain") == "texte");
}

TEST_CASE("header words are RFC 2047 encoded without splitting a character", "[unit][mail]") {
    CHECK(mail::encode_header_word("Hello") == "Hello");
    const std::string long_french(40, 'x');
    const auto encoded = mail::encode_header_word(long_french + "éééééééééééééééé");
    // Each encoded word decodes to valid UTF-8 on its own.
    std::size_t pos = 0;
    std::string joined;
    while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
        auto end = encoded.find("?=", pos + 10);
        auto word = crypto::base64_decode(encoded.substr(pos + 10, end - pos - 10));
        REQUIRE(word);
        CHECK((static_cast<unsigned char>(word->front()) & 0xC0) != 0x80);
        joined += *word;
        CHECK(end + 2 - pos <= 75);
        pos = end + 2;
    }
    CHECK(joined == long_french + "éééééééééééééééé");
    // A newline in a value cannot start a new header.
    CHECK(mail::encode_header_word("a\r\nBcc: x@y.z") == "a  Bcc: x@y.z");
    CHECK(mail::encode_header_word("=?not an encoded word") != "=?not an encoded word");
}

TEST_CASE("senders are parsed from configuration text", "[unit][mail]") {
    auto s = mail::parse_sender("Esculape <no-reply@esculape.test>");
    CHECK(s.display_name == "Esculape");
    CHECK(s.address == "no-reply@esculape.test");
    s = mail::parse_sender("\"Portail Santé\" <portail@sante.test>");
    CHECK(s.display_name == "Portail Santé");
    CHECK(mail::parse_sender("plain@esculape.test").address == "plain@esculape.test");
    CHECK(mail::parse_sender("Broken <nope>").address.empty());
    CHECK(mail::parse_sender("Broken <a@b.test> trailing").address.empty());
    CHECK(mail::parse_sender("").address.empty());
}

TEST_CASE("dates follow RFC 5322 in UTC", "[unit][mail]") {
    CHECK(mail::rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
    CHECK(mail::rfc5322_date(1'796'660'000) == "Mon, 07 Dec 2026 16:13:20 +0000");
}
