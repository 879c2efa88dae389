#include <catch2/catch.hpp>

#include "domain/ocra_import.hpp"

using esc::domain::parse_ocra_import;

TEST_CASE("an OCRA import file gives one token per line", "[unit][ocra]") {
    auto result =
        parse_ocra_import("serial;account;secret\r\n"
                          "# calculators delivered in March\n"
                          "\n"
                          "CPS-0001 ; jean.dupont ; 3132333435363738393031323334353637383930\n"
                          "CPS-0002;810001234567;3132333435363738393031323334353637383930313233343536373839303132\n");
    REQUIRE(result.errors.empty());
    REQUIRE(result.tokens.size() == 2);
    CHECK(result.tokens[0].line == 4);
    CHECK(result.tokens[0].serial == "CPS-0001");
    CHECK(result.tokens[0].account == "jean.dupont");
    CHECK(result.tokens[0].key == "12345678901234567890");
    CHECK(result.tokens[1].key.size() == 32);
}

TEST_CASE("every bad line of an OCRA import is reported with its number", "[unit][ocra]") {
    auto result = parse_ocra_import("A1;jean;31323334353637383930313233343536\n"   // 1 good
                                    "A2;jean\n"                                    // 2 fields
                                    "A 3;jean;31323334353637383930313233343536\n"  // bad serial
                                    "A4;;31323334353637383930313233343536\n"       // no account
                                    "A5;jean;3132zz\n"                             // not hex
                                    "A6;jean;313\n"                                // odd length
                                    "A7;jean;31323334\n"                           // too short
                                    "A1;paul;31323334353637383930313233343536\n"); // repeated serial
    REQUIRE(result.tokens.size() == 1);
    REQUIRE(result.errors.size() == 7);
    CHECK(result.errors[0].line == 2);
    CHECK(result.errors[0].message.find("3 fields") != std::string::npos);
    CHECK(result.errors[1].message.find("serial") != std::string::npos);
    CHECK(result.errors[2].message.find("account") != std::string::npos);
    CHECK(result.errors[3].message.find("hexadecimal") != std::string::npos);
    CHECK(result.errors[4].message.find("hexadecimal") != std::string::npos);
    CHECK(result.errors[5].message.find("16 to 64 bytes") != std::string::npos);
    CHECK(result.errors[6].line == 8);
    CHECK(result.errors[6].message.find("twice") != std::string::npos);
}

TEST_CASE("an empty OCRA import has nothing and no error", "[unit][ocra]") {
    auto result = parse_ocra_import("# nothing yet\n\n");
    CHECK(result.tokens.empty());
    CHECK(result.errors.empty());
}
