#include <catch2/catch.hpp>

#include <string>

#include "domain/authorization_limits.hpp"
#include "domain/utf8.hpp"

using namespace esc::domain;

TEST_CASE("well-formed UTF-8 is accepted, everything else refused (RFC 3629 §4)", "[unit][domain][utf8]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("état"));
    CHECK(is_valid_utf8("\xE2\x82\xAC"));     // €
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80")); // U+1F600
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF")); // U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("abc\x80"));          // lone continuation byte
    CHECK_FALSE(is_valid_utf8("\xC3"));             // truncated
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));         // truncated
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));     // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xC3\x28"));         // bad continuation
}

TEST_CASE("stored and echoed authorization parameters are bounded and UTF-8", "[unit][domain]") {
    for (const char* name : {"state", "nonce", "login_hint", "claims", "ui_locales", "acr_values"}) {
        INFO(name);
        const auto bound = authorization_parameter_bound(name);
        REQUIRE(bound);
        CHECK_FALSE(check_authorization_parameter(name, std::string(*bound, 'a')));
        auto too_long = check_authorization_parameter(name, std::string(*bound + 1, 'a'));
        REQUIRE(too_long);
        CHECK(too_long->code == "invalid_request");
        CHECK(too_long->description.find(name) != std::string::npos);
        auto not_utf8 = check_authorization_parameter(name, "ab\xFF");
        REQUIRE(not_utf8);
        CHECK(not_utf8->code == "invalid_request");
    }
    CHECK(*authorization_parameter_bound("state") == kMaxStateBytes);
    // Unknown parameters are ignored (OIDC Core §3.1.2.1), whatever they hold.
    CHECK_FALSE(authorization_parameter_bound("foo"));
    CHECK_FALSE(check_authorization_parameter("foo", std::string(100000, '\xFF')));
}
