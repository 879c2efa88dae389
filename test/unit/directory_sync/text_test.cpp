#include <catch2/catch.hpp>

#include "text.hpp"

using namespace esc::directory_sync;

TEST_CASE("UTF-8 validation follows RFC 3629", "[unit][directory_sync]") {
    CHECK(is_valid_utf8("Jérémy Noël — ÀÉÎÕÜ"));
    CHECK(is_valid_utf8("plain ascii text longer than eight bytes"));
    CHECK_FALSE(is_valid_utf8("J\xE9r\xE9my"));     // Latin-1 é
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // UTF-16 surrogate
    CHECK_FALSE(is_valid_utf8("abc\xC3"));          // truncated sequence
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
}

TEST_CASE("Windows-1252 decoding maps 0x80-0x9F and rejects undefined bytes", "[unit][directory_sync]") {
    std::string out;
    CHECK(append_cp1252_as_utf8("C\xE9line \x80 \x9C", out));
    CHECK(out == "Céline € œ");
    out.clear();
    CHECK_FALSE(append_cp1252_as_utf8("bad \x81", out));
}

TEST_CASE("a line is repaired from Windows-1252 only when that is what it is", "[unit][directory_sync]") {
    std::string out;
    REQUIRE(repair_cp1252("J\xE9r\xE9my", out));
    CHECK(out == "Jérémy");
    // A line mixing a stray Latin-1 byte with well-formed UTF-8 (the generator's invalid_utf8 defect).
    REQUIRE(repair_cp1252("J\xE9r\xC3\xA9my Sainte-Th\xC3\xA9r\xE8se", out));
    CHECK(out == "Jérémy Sainte-Thérèse");
    CHECK_FALSE(repair_cp1252("control \x85\x01 byte", out)); // C0 control
    CHECK_FALSE(repair_cp1252("symbol \xA7 section", out));   // § is no French letter
    CHECK_FALSE(repair_cp1252("c1 \x8D", out));               // undefined in Windows-1252
}

TEST_CASE("Luhn keys of RPPS, FINESS and SIRET numbers", "[unit][directory_sync]") {
    CHECK(luhn_ok("19000123455"));
    CHECK_FALSE(luhn_ok("19000123456"));
    CHECK(luhn_ok("96741260200237"));
    CHECK_FALSE(luhn_ok(""));
    CHECK_FALSE(luhn_ok("12a4"));
}

TEST_CASE("national identifiers are checked against their parts", "[unit][directory_sync]") {
    CHECK(check_national_id("8", "19000123455", "819000123455").empty());
    CHECK(check_national_id("0", "599169498", "0599169498").empty());
    CHECK(check_national_id("0", "2A1234567", "02A1234567").empty());
    CHECK(check_national_id("8", "", "") == "empty_identifier");
    CHECK(check_national_id("8", "1900012345", "81900012345") == "malformed_rpps");
    CHECK(check_national_id("8", "19000123456", "819000123456") == "rpps_check_key");
    CHECK(check_national_id("0", "59916949", "059916949") == "malformed_adeli");
    CHECK(check_national_id("0", "59916949x", "059916949x") == "malformed_adeli");
    CHECK(check_national_id("3", "599169498", "3599169498") == "unknown_identifier_type");
    CHECK(check_national_id("8", "19000123455", "819000123450") == "national_id_mismatch");
    CHECK(check_national_id("8", "19000123455", "019000123455") == "national_id_mismatch");
}

TEST_CASE("national keys preserve the ids' text order and round-trip", "[unit][directory_sync]") {
    const char* ids[] = {"0599169498", "02A1234567", "1", "810000000009", "819000123455", "819000123455", "9", "A"};
    for (std::size_t i = 0; i + 1 < std::size(ids); ++i) {
        const auto a = national_key(ids[i]), b = national_key(ids[i + 1]);
        CHECK((std::string(ids[i]) < ids[i + 1]) == (a < b));
        CHECK(national_id_of(a) == ids[i]);
    }
    CHECK(national_key("") == 0);
    CHECK(national_key("8190001234551") == 0); // 13 characters
    CHECK(national_key("81900012345a") == 0);  // lower case is not a national id
}

TEST_CASE("hash64 is deterministic and sensitive to every byte", "[unit][directory_sync]") {
    CHECK(hash64("abc") == hash64("abc"));
    CHECK(hash64("abc") != hash64("abd"));
    CHECK(hash64("abcdefgh1") != hash64("abcdefgh2"));
    CHECK(hash64("") != hash64(std::string_view("\0", 1)));
    CHECK(strip_cr("x\r") == "x");
    CHECK(strip_cr("x") == "x");
}
