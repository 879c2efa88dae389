#include <catch2/catch.hpp>

#include "domain/account_link.hpp"
#include "domain/mail.hpp"

using namespace esc::domain;

TEST_CASE("mail addresses a form accepts", "[unit][domain]") {
    for (const char* ok : {"claire.moreau@example.test", "c+tag@chu-besancon.fr", "a@b.co", "o'neil@example.test",
                           "x_y@sub.domain.example"})
        CHECK(is_mail_address(ok));
    for (const char* bad :
         {"", "plain", "@example.test", "a@", "a@localhost", "a..b@example.test", ".a@example.test", "a.@example.test",
          "a b@example.test", "a@exa mple.test", "a@-example.test", "a@example-.test", "a@example..test",
          "\"quoted\"@example.test", "a@b@example.test", "a@example.test\r\nBcc: x@y.z", "é@example.test"})
        CHECK_FALSE(is_mail_address(bad));
    CHECK_FALSE(is_mail_address(std::string(65, 'a') + "@example.test"));
    CHECK_FALSE(is_mail_address("a@" + std::string(250, 'b') + ".test"));
}

TEST_CASE("mail states and link purposes have stable stored names", "[unit][domain]") {
    for (auto s : {MailState::pending, MailState::sent, MailState::failed})
        CHECK(mail_state_from_name(name_of(s)) == s);
    CHECK_FALSE(mail_state_from_name("lost"));
    for (auto p : {LinkPurpose::reset_password, LinkPurpose::set_password, LinkPurpose::verify_email})
        CHECK(link_purpose_from_name(name_of(p)) == p);
    CHECK_FALSE(link_purpose_from_name(""));
}

TEST_CASE("a mailed link is usable once, until its last second", "[unit][domain]") {
    CHECK(link_lifetime(LinkPurpose::reset_password) == 1800);
    AccountLink link;
    link.expires_at = 1000;
    CHECK(link_usable(link, 1000));
    CHECK_FALSE(link_usable(link, 1001));
    link.used_at = 900;
    CHECK_FALSE(link_usable(link, 950));
}
