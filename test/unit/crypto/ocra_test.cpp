#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crypto/encoding.hpp"
#include "crypto/ocra.hpp"

using namespace esc::crypto;

namespace {

// RFC 6287 Appendix C keys: SEED, SEED32 and SEED64 are the ASCII digits "1234567890" repeated.
std::vector<unsigned char> seed(std::size_t size) {
    std::vector<unsigned char> key;
    for (std::size_t i = 0; i < size; ++i)
        key.push_back(static_cast<unsigned char>('0' + (i + 1) % 10));
    return key;
}
const std::vector<unsigned char> kSeed20 = seed(20);
const std::vector<unsigned char> kSeed32 = seed(32);
const std::vector<unsigned char> kSeed64 = seed(64);
const std::string kPin1234Sha1 = "7110eda4d09e062aa5e4a390b0a572ac0d2c0220";
const std::uint64_t kRfcTimestamp = 0x132d0b6; // Mar 25 2008 12:06:30 GMT in minutes

std::string respond(std::string_view suite_text, const std::vector<unsigned char>& key, const OcraInput& input) {
    auto suite = parse_ocra_suite(suite_text);
    REQUIRE(suite);
    auto response = ocra_response(*suite, key, input);
    REQUIRE(response);
    return *response;
}

OcraInput question(std::string q) {
    OcraInput input;
    input.question = std::move(q);
    return input;
}

std::string repeated(char digit, int count) {
    return std::string(static_cast<std::size_t>(count), digit);
}

} // namespace

TEST_CASE("OCRA one-way challenge-response follows RFC 6287 Appendix C.1", "[unit]") {
    SECTION("OCRA-1:HOTP-SHA1-6:QN08") {
        const char* expected[] = {"237653", "243178", "653583", "740991", "608993",
                                  "388898", "816933", "224598", "750600", "294470"};
        for (int i = 0; i < 10; ++i)
            CHECK(respond("OCRA-1:HOTP-SHA1-6:QN08", kSeed20, question(repeated(char('0' + i), 8))) == expected[i]);
    }
    SECTION("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1") {
        const char* expected[] = {"65347737", "86775851", "78192410", "71565254", "10104329",
                                  "65983500", "70069104", "91771096", "75011558", "08522129"};
        for (int c = 0; c < 10; ++c) {
            OcraInput input = question("12345678");
            input.counter = static_cast<std::uint64_t>(c);
            input.pin_hash_hex = kPin1234Sha1;
            CHECK(respond("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", kSeed32, input) == expected[c]);
        }
    }
    SECTION("OCRA-1:HOTP-SHA256-8:QN08-PSHA1") {
        const char* expected[] = {"83238735", "01501458", "17957585", "86776967", "86807031"};
        for (int i = 0; i < 5; ++i) {
            OcraInput input = question(repeated(char('0' + i), 8));
            input.pin_hash_hex = kPin1234Sha1;
            CHECK(respond("OCRA-1:HOTP-SHA256-8:QN08-PSHA1", kSeed32, input) == expected[i]);
        }
    }
    SECTION("OCRA-1:HOTP-SHA512-8:C-QN08") {
        const char* expected[] = {"07016083", "63947962", "70123924", "25341727", "33203315",
                                  "34205738", "44343969", "51946085", "20403879", "31409299"};
        for (int i = 0; i < 10; ++i) {
            OcraInput input = question(repeated(char('0' + i), 8));
            input.counter = static_cast<std::uint64_t>(i);
            CHECK(respond("OCRA-1:HOTP-SHA512-8:C-QN08", kSeed64, input) == expected[i]);
        }
    }
    SECTION("OCRA-1:HOTP-SHA512-8:QN08-T1M") {
        const char* expected[] = {"95209754", "55907591", "22048402", "24218844", "36209546"};
        for (int i = 0; i < 5; ++i) {
            OcraInput input = question(repeated(char('0' + i), 8));
            input.timestamp_steps = kRfcTimestamp;
            CHECK(respond("OCRA-1:HOTP-SHA512-8:QN08-T1M", kSeed64, input) == expected[i]);
        }
    }
}

TEST_CASE("OCRA mutual challenge-response follows RFC 6287 Appendix C.2", "[unit]") {
    // The question is the concatenation of both challenges: client then server for the server's
    // response, server then client for the client's.
    const char* server_256[] = {"28247970", "01984843", "65387857", "03351211", "83412541"};
    const char* client_256[] = {"15510767", "90175646", "33777207", "95285278", "28934924"};
    const char* server_512[] = {"79496648", "76831980", "12250499", "90856481", "12761449"};
    const char* client_512_pin[] = {"18806276", "70020315", "01600026", "18951020", "32528969"};
    for (int i = 0; i < 5; ++i) {
        const std::string client = "CLI2222" + std::to_string(i);
        const std::string server = "SRV1111" + std::to_string(i);
        CHECK(respond("OCRA-1:HOTP-SHA256-8:QA08", kSeed32, question(client + server)) == server_256[i]);
        CHECK(respond("OCRA-1:HOTP-SHA256-8:QA08", kSeed32, question(server + client)) == client_256[i]);
        CHECK(respond("OCRA-1:HOTP-SHA512-8:QA08", kSeed64, question(client + server)) == server_512[i]);
        OcraInput input = question(server + client);
        input.pin_hash_hex = kPin1234Sha1;
        CHECK(respond("OCRA-1:HOTP-SHA512-8:QA08-PSHA1", kSeed64, input) == client_512_pin[i]);
    }
}

TEST_CASE("OCRA plain signature follows RFC 6287 Appendix C.3", "[unit]") {
    const char* plain[] = {"53095496", "04110475", "31331128", "76028668", "46554205"};
    const char* timed[] = {"77537423", "31970405", "10235557", "95213541", "65360607"};
    for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        CHECK(respond("OCRA-1:HOTP-SHA256-8:QA08", kSeed32, question("SIG1" + n + "000")) == plain[i]);
        OcraInput input = question("SIG1" + n + "00000");
        input.timestamp_steps = kRfcTimestamp;
        CHECK(respond("OCRA-1:HOTP-SHA512-8:QA10-T1M", kSeed64, input) == timed[i]);
    }
}

TEST_CASE("OCRA inputs the RFC vectors leave out agree with an independent implementation", "[unit]") {
    // Expected values from a separate Python rendering of the Appendix A reference algorithm.
    SECTION("hex question (either case), session, time in seconds and no truncation") {
        OcraInput input = question("0123456789abcdefABCD");
        input.counter = 42;
        for (int i = 0; i < 64; ++i)
            input.session_hex += "ab";
        input.timestamp_steps = 1700000000 / 30;
        CHECK(respond("OCRA-1:HOTP-SHA1-0:C-QH10-S064-T30S", kSeed20, input) ==
              "3e2fc58caaa351d86823d9d4d2a91fc578c6e744");
    }
    SECTION("numeric questions past 64 bits") {
        CHECK(respond("OCRA-1:HOTP-SHA256-10:QN64", kSeed32, question(repeated('9', 64))) == "0719770772");
        CHECK(respond("OCRA-1:HOTP-SHA256-10:QN64", kSeed32, question("1" + repeated('0', 127))) == "0629409735");
    }
    SECTION("an odd number of hex digits is left-aligned, as is a short numeric value") {
        OcraInput input = question("ABCDE");
        input.pin_hash_hex = "03ac674216f3e15c761ee1a5e255f067953623c8b388b4459e13f978d7c846f4"; // SHA-256("1234")
        input.session_hex = "010203";
        CHECK(respond("OCRA-1:HOTP-SHA512-6:QH05-PSHA256-S003", kSeed64, input) == "321988");
        CHECK(respond("OCRA-1:HOTP-SHA1-8:QN08", kSeed20, question("00000005")) == "85265226");
    }
}

TEST_CASE("parse_ocra_suite reads every RFC 6287 suite", "[unit]") {
    auto suite = parse_ocra_suite("OCRA-1:HOTP-SHA512-8:C-QN08-PSHA256-S128-T30S");
    REQUIRE(suite);
    CHECK(suite->text == "OCRA-1:HOTP-SHA512-8:C-QN08-PSHA256-S128-T30S");
    CHECK(suite->hash == OcraHash::sha512);
    CHECK(suite->digits == 8);
    CHECK(suite->counter);
    CHECK(suite->question_format == 'N');
    CHECK(suite->question_length == 8);
    CHECK(suite->pin_hash == OcraHash::sha256);
    CHECK(suite->session_length == 128);
    CHECK(suite->time_step_seconds == 30);

    auto plain = parse_ocra_suite("OCRA-1:HOTP-SHA1-6:QA64");
    REQUIRE(plain);
    CHECK_FALSE(plain->counter);
    CHECK_FALSE(plain->pin_hash);
    CHECK(plain->session_length == 0);
    CHECK(plain->time_step_seconds == 0);

    for (const char* text :
         {"OCRA-1:HOTP-SHA1-6:QN08", "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", "OCRA-1:HOTP-SHA256-8:QN08-PSHA1",
          "OCRA-1:HOTP-SHA512-8:C-QN08", "OCRA-1:HOTP-SHA512-8:QN08-T1M", "OCRA-1:HOTP-SHA256-8:QA08",
          "OCRA-1:HOTP-SHA512-8:QA08-PSHA1", "OCRA-1:HOTP-SHA512-8:QA10-T1M", "OCRA-1:HOTP-SHA1-0:QH04",
          "OCRA-1:HOTP-SHA1-4:QN04", "OCRA-1:HOTP-SHA1-10:QN64", "OCRA-1:HOTP-SHA1-6:QN08-S064",
          "OCRA-1:HOTP-SHA1-6:QN08-S512", "OCRA-1:HOTP-SHA1-6:QN08-S100", "OCRA-1:HOTP-SHA1-6:QN08-PSHA512-T59S",
          "OCRA-1:HOTP-SHA1-6:QN08-T1S", "OCRA-1:HOTP-SHA1-6:QN08-T56M", "OCRA-1:HOTP-SHA1-6:QN08-T48H"})
        CHECK(parse_ocra_suite(text));
    CHECK(parse_ocra_suite("OCRA-1:HOTP-SHA1-6:QN08-T48H")->time_step_seconds == 48 * 3600);
}

TEST_CASE("parse_ocra_suite refuses anything off the grammar", "[unit]") {
    for (const char* text : {"",
                             "OCRA-1",
                             "OCRA-1:HOTP-SHA1-6",
                             "OCRA-1:HOTP-SHA1-6:",
                             "OCRA-2:HOTP-SHA1-6:QN08",
                             "ocra-1:hotp-sha1-6:qn08",
                             "OCRA-1:HOTP-sha1-6:QN08",
                             "OCRA-1:HOTP-SHA1-6:qn08",
                             "OCRA-1:TOTP-SHA1-6:QN08",
                             "OCRA-1:HOTP-MD5-6:QN08",
                             "OCRA-1:HOTP-SHA1-3:QN08",
                             "OCRA-1:HOTP-SHA1-11:QN08",
                             "OCRA-1:HOTP-SHA1-06:QN08",
                             "OCRA-1:HOTP-SHA1-:QN08",
                             "OCRA-1:HOTP-SHA1-6-1:QN08",
                             "OCRA-1:HOTP-SHA1-6:QN03",
                             "OCRA-1:HOTP-SHA1-6:QN65",
                             "OCRA-1:HOTP-SHA1-6:QN8",
                             "OCRA-1:HOTP-SHA1-6:QX08",
                             "OCRA-1:HOTP-SHA1-6:C",
                             "OCRA-1:HOTP-SHA1-6:C-C-QN08",
                             "OCRA-1:HOTP-SHA1-6:QN08-C",
                             "OCRA-1:HOTP-SHA1-6:QN08-T1M-PSHA1",
                             "OCRA-1:HOTP-SHA1-6:QN08-P",
                             "OCRA-1:HOTP-SHA1-6:QN08-PMD5",
                             "OCRA-1:HOTP-SHA1-6:QN08-S64",
                             "OCRA-1:HOTP-SHA1-6:QN08-S000",
                             "OCRA-1:HOTP-SHA1-6:QN08-T60S",
                             "OCRA-1:HOTP-SHA1-6:QN08-T57M",
                             "OCRA-1:HOTP-SHA1-6:QN08-T49H",
                             "OCRA-1:HOTP-SHA1-6:QN08-T0H",
                             "OCRA-1:HOTP-SHA1-6:QN08-T01M",
                             "OCRA-1:HOTP-SHA1-6:QN08-T1X",
                             "OCRA-1:HOTP-SHA1-6:QN08-T1M-T1M",
                             "OCRA-1:HOTP-SHA1-6:QN08-",
                             "OCRA-1:HOTP-SHA1-6:QN08--T1M",
                             "OCRA-1:HOTP-SHA1-6:QN08 ",
                             "OCRA-1:HOTP-SHA1-6:QN08:",
                             "OCRA-1:HOTP-SHA1-6:QN08x",
                             " OCRA-1:HOTP-SHA1-6:QN08"})
        CHECK_FALSE(parse_ocra_suite(text));
    CHECK_FALSE(parse_ocra_suite(std::string_view("OCRA-1:HOTP-SHA1-6:QN08\0", 24)));
}

TEST_CASE("ocra_response refuses input that does not fit the suite", "[unit]") {
    auto suite = parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QN08");
    REQUIRE(suite);
    SECTION("the default suite round trip") {
        // The server draws a challenge, the token answers it, the server recomputes and compares.
        std::string challenge = ocra_numeric_challenge(suite->question_length);
        auto token_says = ocra_response(*suite, kSeed20, question(challenge));
        REQUIRE(token_says);
        CHECK(token_says->size() == 8);
        CHECK(token_says->find_first_not_of("0123456789") == std::string::npos);
        auto expected = ocra_response(*parse_ocra_suite(suite->text), kSeed20, question(challenge));
        REQUIRE(expected);
        CHECK(constant_time_equals(*expected, *token_says));
        std::vector<unsigned char> other_key = kSeed20;
        other_key[0] ^= 1;
        CHECK_FALSE(constant_time_equals(*ocra_response(*suite, other_key, question(challenge)), *token_says));
        CHECK(ocra_response(*suite, kSeed20, question("12345678")) !=
              ocra_response(*suite, kSeed20, question("12345679")));
    }
    SECTION("the question") {
        CHECK_FALSE(ocra_response(*suite, kSeed20, question("1234567a")));
        CHECK_FALSE(ocra_response(*suite, kSeed20, question("-1234567")));
        CHECK_FALSE(ocra_response(*suite, kSeed20, question("1234567")));         // shorter than xx
        CHECK_FALSE(ocra_response(*suite, kSeed20, question(repeated('1', 17)))); // longer than 2 xx
        CHECK(ocra_response(*suite, kSeed20, question(repeated('1', 16))));
        auto alpha = parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QA08");
        CHECK_FALSE(ocra_response(*alpha, kSeed20, question("SIG1 000")));
        CHECK_FALSE(ocra_response(*alpha, kSeed20,
                                  question(std::string("SIG1\0"
                                                       "000",
                                                       8))));
        auto hex = parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QH08");
        CHECK_FALSE(ocra_response(*hex, kSeed20, question("0123456g")));
    }
    SECTION("the PIN hash and the session") {
        auto with_pin = parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QN08-PSHA1-S004");
        OcraInput input = question("12345678");
        input.session_hex = "01020304";
        CHECK_FALSE(ocra_response(*with_pin, kSeed20, input)); // no PIN hash
        input.pin_hash_hex = kPin1234Sha1.substr(2);
        CHECK_FALSE(ocra_response(*with_pin, kSeed20, input)); // 19 bytes
        input.pin_hash_hex = "zz" + kPin1234Sha1.substr(2);
        CHECK_FALSE(ocra_response(*with_pin, kSeed20, input));
        input.pin_hash_hex = kPin1234Sha1;
        CHECK(ocra_response(*with_pin, kSeed20, input));
        input.session_hex = "010203";
        CHECK_FALSE(ocra_response(*with_pin, kSeed20, input)); // 3 bytes for S004
        CHECK_FALSE(ocra_response(*suite, kSeed20, input));    // the default suite takes neither
    }
    SECTION("the key and the suite") {
        CHECK_FALSE(ocra_response(*suite, {}, question("12345678")));
        OcraSuite altered = *suite;
        altered.digits = 6; // no longer what the hashed suite string says
        CHECK_FALSE(ocra_response(altered, kSeed20, question("12345678")));
        CHECK_FALSE(ocra_response(OcraSuite{}, kSeed20, question("12345678")));
    }
}

TEST_CASE("ocra_numeric_challenge draws digits of the asked length", "[unit]") {
    for (int length : {4, 8, 64}) {
        std::string challenge = ocra_numeric_challenge(length);
        CHECK(challenge.size() == static_cast<std::size_t>(length));
        CHECK(challenge.find_first_not_of("0123456789") == std::string::npos);
    }
    // Every digit shows up: 10 × 64 draws miss one with probability below 1e-25.
    std::string all;
    for (int i = 0; i < 10; ++i)
        all += ocra_numeric_challenge(64);
    for (char d = '0'; d <= '9'; ++d)
        CHECK(all.find(d) != std::string::npos);
    CHECK(ocra_numeric_challenge(64) != ocra_numeric_challenge(64));
    CHECK_THROWS_AS(ocra_numeric_challenge(3), std::invalid_argument);
    CHECK_THROWS_AS(ocra_numeric_challenge(65), std::invalid_argument);
}
