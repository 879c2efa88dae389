#include <catch2/catch.hpp>

#include <stdexcept>

#include "web/csrf.hpp"

using namespace esc::web;

namespace {
const std::string kSecret = "0123456789abcdef0123456789abcdef";
constexpr esc::domain::UnixTime kNow = 1'700'000'000;
} // namespace

TEST_CASE("csrf token made for a binding checks for that binding", "[unit][web][csrf]") {
    const auto token = make_csrf("interaction-1", kSecret, kNow);
    CHECK(token.rfind("1700000000.", 0) == 0);
    CHECK(check_csrf(token, "interaction-1", kSecret, kNow));
    CHECK(check_csrf(token, "interaction-1", kSecret, kNow + kCsrfMaxAge));
}

TEST_CASE("csrf token is refused for another binding or secret", "[unit][web][csrf]") {
    const auto token = make_csrf("interaction-1", kSecret, kNow);
    CHECK_FALSE(check_csrf(token, "interaction-2", kSecret, kNow));
    CHECK_FALSE(check_csrf(token, "", kSecret, kNow));
    CHECK_FALSE(check_csrf(token, "interaction-1", "another secret of 32 bytes......", kNow));
    CHECK(make_csrf("session-a", kSecret, kNow) != make_csrf("session-b", kSecret, kNow));
}

TEST_CASE("tampered csrf tokens are refused", "[unit][web][csrf]") {
    const auto token = make_csrf("interaction-1", kSecret, kNow);
    std::string flipped = token;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    CHECK_FALSE(check_csrf(flipped, "interaction-1", kSecret, kNow));

    // A later timestamp with the old MAC must not pass: the timestamp is under the MAC.
    const auto mac = token.substr(token.find('.'));
    CHECK_FALSE(check_csrf("1700000100" + mac, "interaction-1", kSecret, kNow + 100));
    CHECK_FALSE(check_csrf("01700000000" + mac, "interaction-1", kSecret, kNow));

    CHECK_FALSE(check_csrf("", "interaction-1", kSecret, kNow));
    CHECK_FALSE(check_csrf(".", "interaction-1", kSecret, kNow));
    CHECK_FALSE(check_csrf("1700000000", "interaction-1", kSecret, kNow));
    CHECK_FALSE(check_csrf("-1" + mac, "interaction-1", kSecret, kNow));
    CHECK_FALSE(check_csrf("abc" + mac, "interaction-1", kSecret, kNow));
    CHECK_FALSE(check_csrf(token + "x", "interaction-1", kSecret, kNow));
    CHECK_FALSE(check_csrf("99999999999999999999999" + mac, "interaction-1", kSecret, kNow));
}

TEST_CASE("expired or future csrf tokens are refused", "[unit][web][csrf]") {
    const auto token = make_csrf("session-1", kSecret, kNow);
    CHECK_FALSE(check_csrf(token, "session-1", kSecret, kNow + kCsrfMaxAge + 1));
    CHECK_FALSE(check_csrf(token, "session-1", kSecret, kNow + 600, 300));
    CHECK(check_csrf(token, "session-1", kSecret, kNow + 300, 300));
    // Issued by a node whose clock is ahead: tolerated within the skew, refused beyond.
    CHECK(check_csrf(token, "session-1", kSecret, kNow - kCsrfClockSkew));
    CHECK_FALSE(check_csrf(token, "session-1", kSecret, kNow - kCsrfClockSkew - 1));
}

TEST_CASE("csrf refuses to make tokens bound to nothing or with a weak secret", "[unit][web][csrf]") {
    CHECK_THROWS_AS(make_csrf("", kSecret, kNow), std::invalid_argument);
    CHECK_THROWS_AS(make_csrf("interaction-1", "short", kNow), std::invalid_argument);
    CHECK_FALSE(check_csrf(make_csrf("x", kSecret, kNow), "x", "short", kNow));
}
