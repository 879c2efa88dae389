#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "crypto/cbor.hpp"

using namespace esc::crypto::cbor;

namespace {

std::string unhex(std::string_view hex) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
    return out;
}

std::optional<Value> decode_hex(std::string_view hex) {
    return decode(unhex(hex));
}

std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

} // namespace

TEST_CASE("cbor decodes integers of every width (RFC 8949 appendix A)", "[unit]") {
    CHECK(decode_hex("00")->data == Value{std::uint64_t{0}}.data);
    CHECK(decode_hex("17")->integer() == 23);
    CHECK(decode_hex("1818")->integer() == 24);
    CHECK(decode_hex("1903e8")->integer() == 1000);
    CHECK(decode_hex("1a000f4240")->integer() == 1000000);
    CHECK(decode_hex("1b000000e8d4a51000")->integer() == 1000000000000);
    auto max = decode_hex("1bffffffffffffffff");
    REQUIRE(max);
    CHECK(std::get<std::uint64_t>(max->data) == std::numeric_limits<std::uint64_t>::max());
    CHECK_FALSE(max->integer()); // does not fit an int64

    CHECK(decode_hex("20")->integer() == -1);
    CHECK(decode_hex("29")->integer() == -10);
    CHECK(decode_hex("3863")->integer() == -100);
    CHECK(decode_hex("3903e7")->integer() == -1000);
    CHECK(decode_hex("3b7fffffffffffffff")->integer() == std::numeric_limits<std::int64_t>::min());
    CHECK_FALSE(decode_hex("3b8000000000000000")); // -2^63 - 1
    CHECK_FALSE(decode_hex("3bffffffffffffffff")); // -2^64
}

TEST_CASE("cbor decodes byte and text strings as distinct kinds", "[unit]") {
    auto empty_bytes = decode_hex("40");
    REQUIRE(empty_bytes);
    REQUIRE(empty_bytes->bytes());
    CHECK(empty_bytes->bytes()->empty());
    CHECK_FALSE(empty_bytes->text());
    CHECK(*decode_hex("4401020304")->bytes() == unhex("01020304"));

    CHECK(*decode_hex("60")->text() == "");
    CHECK(*decode_hex("6161")->text() == "a");
    CHECK(*decode_hex("6449455446")->text() == "IETF");
    CHECK(*decode_hex("62c3bc")->text() == "\xc3\xbc");
    CHECK_FALSE(decode_hex("6161")->bytes());
}

TEST_CASE("cbor decodes arrays and maps, nested, in input order", "[unit]") {
    CHECK(decode_hex("80")->array()->empty());
    auto nested = decode_hex("8301820203820405"); // [1, [2, 3], [4, 5]]
    REQUIRE(nested);
    const auto& items = *nested->array();
    REQUIRE(items.size() == 3);
    CHECK(items[0].integer() == 1);
    CHECK(items[1].array()->at(1).integer() == 3);
    CHECK(items[2].array()->at(0).integer() == 4);

    CHECK(decode_hex("a0")->map()->empty());
    auto map = decode_hex("a3030401020a0b"); // {3: 4, 1: 2, 10: 11}: order kept
    REQUIRE(map);
    REQUIRE(map->map()->size() == 3);
    CHECK(map->map()->front().first.integer() == 3);
    CHECK(find(*map->map(), 1)->integer() == 2);
    CHECK(find(*map->map(), 10)->integer() == 11);
    CHECK(find(*map->map(), 4) == nullptr);

    // {"a": 1, "b": [2, 3], "c": {"d": -1}}
    auto mixed = decode_hex("a361610161628202036163a1616420");
    REQUIRE(mixed);
    const auto& fields = *mixed->map();
    CHECK(find(fields, "a")->integer() == 1);
    CHECK(find(fields, "b")->array()->size() == 2);
    const Value* c = find(fields, "c");
    REQUIRE(c);
    REQUIRE(c->map());
    CHECK(find(*c->map(), "d")->integer() == -1);
    CHECK(find(fields, "d") == nullptr);
    CHECK(find(fields, 1) == nullptr);

    auto negative_keys = decode_hex("a2200121f5"); // {-1: 1, -2: true}
    REQUIRE(negative_keys);
    CHECK(find(*negative_keys->map(), -1)->integer() == 1);
    CHECK(std::get<bool>(find(*negative_keys->map(), -2)->data));
}

TEST_CASE("cbor accepts false, true and null and refuses every other simple value", "[unit]") {
    CHECK(std::get<bool>(decode_hex("f4")->data) == false);
    CHECK(std::get<bool>(decode_hex("f5")->data) == true);
    CHECK(std::holds_alternative<std::nullptr_t>(decode_hex("f6")->data));
    CHECK_FALSE(decode_hex("f7"));                 // undefined
    CHECK_FALSE(decode_hex("f0"));                 // simple(16)
    CHECK_FALSE(decode_hex("f8ff"));               // simple(255)
    CHECK_FALSE(decode_hex("f93c00"));             // half float 1.0
    CHECK_FALSE(decode_hex("fa47c35000"));         // single float 100000.0
    CHECK_FALSE(decode_hex("fb3ff199999999999a")); // double 1.1
    CHECK_FALSE(decode_hex("fc"));                 // reserved
    CHECK_FALSE(decode_hex("ff"));                 // a lone break
}

TEST_CASE("cbor refuses tags, indefinite lengths and reserved additional information", "[unit]") {
    CHECK_FALSE(decode_hex("c074323031332d30332d32315432303a30343a30305a")); // tag 0, date
    CHECK_FALSE(decode_hex("c249010000000000000000"));                       // bignum
    CHECK_FALSE(decode_hex("d82076687474703a2f2f7777772e6578616d706c652e636f6d"));
    CHECK_FALSE(decode_hex("5f42010243030405ff"));
    CHECK_FALSE(decode_hex("7f657374726561646d696e67ff"));
    CHECK_FALSE(decode_hex("9fff"));
    CHECK_FALSE(decode_hex("9f018202039f0405ffff"));
    CHECK_FALSE(decode_hex("bf61610161629f0203ffff"));
    CHECK_FALSE(decode_hex("1c"));
    CHECK_FALSE(decode_hex("3d"));
    CHECK_FALSE(decode_hex("5e"));
    CHECK_FALSE(decode_hex("1f"));
}

TEST_CASE("cbor refuses lengths and counts beyond the input or the item limit", "[unit]") {
    CHECK_FALSE(decode_hex("5affffffff"));
    CHECK_FALSE(decode_hex("5bffffffffffffffff00"));
    CHECK_FALSE(decode_hex("7bffffffffffffffff"));
    CHECK_FALSE(decode_hex("9bffffffffffffffff"));
    CHECK_FALSE(decode_hex("bbffffffffffffffff"));
    CHECK_FALSE(decode_hex("9a00010000")); // 65536 items announced, none present
    CHECK_FALSE(decode_hex("4501020304"));

    std::string full = unhex("990400") + std::string(kMaxItems, '\0');
    REQUIRE(decode(full));
    CHECK(decode(full)->array()->size() == kMaxItems);
    CHECK_FALSE(decode(unhex("990401") + std::string(kMaxItems + 1, '\0')));

    std::string map = unhex("b90400");
    for (std::uint16_t key = 0; key < kMaxItems; ++key)
        map += unhex("19") + static_cast<char>(key >> 8) + static_cast<char>(key & 0xff) + '\0';
    REQUIRE(decode(map));
    CHECK(find(*decode(map)->map(), 1023)->integer() == 0);
    CHECK_FALSE(decode(unhex("b90401") + map.substr(3) + unhex("190401") + '\0'));
}

TEST_CASE("cbor limits nesting to 16 levels", "[unit]") {
    CHECK(decode(repeat("\x81", kMaxDepth - 1) + "\x80"));
    CHECK_FALSE(decode(repeat("\x81", kMaxDepth) + "\x80"));
    CHECK(decode(repeat("\xa1\x01", kMaxDepth - 1) + "\xa0"));
    CHECK_FALSE(decode(repeat("\xa1\x01", kMaxDepth) + "\xa0"));
    CHECK_FALSE(decode(repeat("\x81", 100000) + "\x80")); // no recursion to the bottom
}

TEST_CASE("cbor map keys are unique integers or text", "[unit]") {
    CHECK_FALSE(decode_hex("a201020103"));             // {1: 2, 1: 3}
    CHECK_FALSE(decode_hex("a2616101616102"));         // {"a": 1, "a": 2}
    CHECK_FALSE(decode_hex("a3616101026161616103"));   // "a" twice, not adjacent
    CHECK(decode_hex("a2016161616101"));               // {1: "a", "a": 1}: distinct kinds
    CHECK_FALSE(decode_hex("a1410001"));               // byte-string key
    CHECK_FALSE(decode_hex("a1800001"));               // array key
    CHECK_FALSE(decode_hex("a1f401"));                 // bool key
    CHECK_FALSE(decode_hex("a11bffffffffffffffff01")); // integer key beyond int64
}

TEST_CASE("cbor refuses trailing bytes unless asked for the consumed length", "[unit]") {
    CHECK_FALSE(decode_hex("0000"));
    CHECK_FALSE(decode_hex("a0ff"));
    std::size_t consumed = 99;
    auto value = decode(unhex("a10102ffee"), &consumed);
    REQUIRE(value);
    CHECK(consumed == 3);
    CHECK(find(*value->map(), 1)->integer() == 2);
    CHECK(decode(unhex("1903e8"), &consumed));
    CHECK(consumed == 3);
}

TEST_CASE("cbor refuses every truncation of a valid document", "[unit]") {
    // An EC2 COSE key with one more pair: {1: 2, 3: -7, -1: 1, -2: h'78..', -3: h'79..', "fmt": [false, true, null]}
    std::string document = unhex("a6010203262001215820") + std::string(32, 'x') + unhex("225820") +
                           std::string(32, 'y') + unhex("63") + "fmt" + unhex("83f4f5f6");
    REQUIRE(decode(document));
    CHECK_FALSE(decode(""));
    for (std::size_t size = 0; size < document.size(); ++size) {
        std::size_t consumed = 0;
        CHECK_NOTHROW(decode(document.substr(0, size)));
        CHECK_FALSE(decode(document.substr(0, size)));
        CHECK_FALSE(decode(document.substr(0, size), &consumed));
    }
}
