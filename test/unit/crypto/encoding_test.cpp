#include <catch2/catch.hpp>

#include <set>

#include "crypto/encoding.hpp"

using namespace esc::crypto;

namespace {

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

} // namespace

TEST_CASE("base64 and base64url follow the RFC 4648 §10 test vectors", "[unit]") {
    struct Vector {
        const char* plain;
        const char* padded;
        const char* unpadded;
    };
    const Vector vectors[] = {{"", "", ""},
                              {"f", "Zg==", "Zg"},
                              {"fo", "Zm8=", "Zm8"},
                              {"foo", "Zm9v", "Zm9v"},
                              {"foob", "Zm9vYg==", "Zm9vYg"},
                              {"fooba", "Zm9vYmE=", "Zm9vYmE"},
                              {"foobar", "Zm9vYmFy", "Zm9vYmFy"}};
    for (const auto& v : vectors) {
        CAPTURE(v.plain);
        CHECK(base64_encode(v.plain) == v.padded);
        CHECK(base64url_encode(v.plain) == v.unpadded);
        CHECK(base64_decode(v.padded) == std::optional<std::string>(v.plain));
        CHECK(base64url_decode(v.unpadded) == std::optional<std::string>(v.plain));
    }
}

TEST_CASE("base64url uses the URL-safe alphabet (RFC 4648 §5)", "[unit]") {
    const std::string bytes("\xfb\xff\xbf", 3);
    CHECK(base64url_encode(bytes) == "-_-_");
    CHECK(base64_encode(bytes) == "+/+/");
    CHECK(base64url_decode("-_-_") == bytes);
    CHECK_FALSE(base64url_decode("+/+/"));
    CHECK_FALSE(base64_decode("-_-_"));
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    CHECK(base64url_decode(base64url_encode(all)) == all);
    CHECK(base64_decode(base64_encode(all)) == all);
}

TEST_CASE("base64url_decode rejects padding, bad characters and non-canonical text", "[unit]") {
    CHECK_FALSE(base64url_decode("Zg=="));
    CHECK_FALSE(base64url_decode("Zm8="));
    CHECK_FALSE(base64url_decode("Z"));     // 6 bits cannot make a byte
    CHECK_FALSE(base64url_decode("Zm9vY")); // same, after a full quantum
    CHECK_FALSE(base64url_decode("Zh"));    // 'h' leaves non-zero pad bits
    CHECK_FALSE(base64url_decode("Zm9"));   // '9' leaves non-zero pad bits
    CHECK_FALSE(base64url_decode("Zm 9v"));
    CHECK_FALSE(base64url_decode("Zm9v\n"));
    CHECK_FALSE(base64url_decode(std::string_view("Zm\0v", 4)));
    CHECK_FALSE(base64url_decode("Zm9v."));
}

TEST_CASE("base64_decode accepts missing padding but not wrong padding", "[unit]") {
    CHECK(base64_decode("Zg") == std::optional<std::string>("f"));
    CHECK_FALSE(base64_decode("Zg="));
    CHECK_FALSE(base64_decode("Z==="));
    CHECK_FALSE(base64_decode("Zg==="));
    CHECK_FALSE(base64_decode("Zm9v Zg=="));
    CHECK_FALSE(base64_decode("="));
}

TEST_CASE("sha256 matches the FIPS 180-2 'abc' vector", "[unit]") {
    CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_b64url("abc") == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

TEST_CASE("random bytes and tokens have the requested size and differ", "[unit]") {
    CHECK(random_bytes(0).empty());
    CHECK(random_bytes(17).size() == 17);
    CHECK(random_token().size() == 43); // 32 bytes, unpadded base64url
    CHECK(random_token(16).size() == 22);
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i)
        seen.insert(random_token());
    CHECK(seen.size() == 100);
    CHECK(base64url_decode(random_token())->size() == 32);
}

TEST_CASE("constant_time_equals compares content and length", "[unit]") {
    CHECK(constant_time_equals("", ""));
    CHECK(constant_time_equals("secret", "secret"));
    CHECK_FALSE(constant_time_equals("secret", "secreT"));
    CHECK_FALSE(constant_time_equals("secret", "secret2"));
    CHECK_FALSE(constant_time_equals("", "x"));
    CHECK(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
    CHECK_FALSE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}
