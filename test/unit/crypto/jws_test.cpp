#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>
#include <openssl/hmac.h>

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "test_keys.hpp"

using namespace esc::crypto;
using esc::crypto::test::lookup_of;
using esc::crypto::test::shared_key;
using nlohmann::json;

namespace {

const std::vector<Alg> kBoth{Alg::RS256, Alg::ES256};
const std::string kPayload = R"({"iss":"https://idp.example","sub":"810012345678","exp":4102444800})";

KeyLookup both_public_keys() {
    return lookup_of({public_key_of(*shared_key(Alg::RS256)), public_key_of(*shared_key(Alg::ES256))});
}

std::vector<std::string> split(const std::string& token) {
    std::vector<std::string> parts(1);
    for (char c : token) {
        if (c == '.')
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

std::string join(const std::vector<std::string>& parts) {
    return parts[0] + "." + parts[1] + "." + parts[2];
}

// A token whose header is `header` and whose signature is `signature` over it and kPayload.
std::string forge(const json& header, const std::string& signature) {
    return base64url_encode(header.dump()) + "." + base64url_encode(kPayload) + "." + base64url_encode(signature);
}

JwsError error_of(std::string_view token, const std::vector<Alg>& allowed = kBoth) {
    JwsResult result = verify_jws(token, both_public_keys(), allowed);
    REQUIRE_FALSE(result);
    return result.error;
}

} // namespace

TEST_CASE("parse_alg accepts only RS256 and ES256", "[unit]") {
    CHECK(parse_alg("RS256") == Alg::RS256);
    CHECK(parse_alg("ES256") == Alg::ES256);
    for (const char* name : {"none", "None", "HS256", "rs256", "PS256", "ES384", "RS256 ", ""})
        CHECK_FALSE(parse_alg(name));
    CHECK(std::string(alg_name(Alg::RS256)) == "RS256");
    CHECK(std::string(alg_name(Alg::ES256)) == "ES256");
}

TEST_CASE("a signed JWS verifies and returns its header and payload", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    const auto& key = shared_key(alg);
    std::string token = sign_jws(*key, kPayload, "at+jwt");
    auto parts = split(token);
    REQUIRE(parts.size() == 3);
    auto header = json::parse(*base64url_decode(parts[0]));
    CHECK(header == json{{"alg", alg_name(alg)}, {"kid", key->kid()}, {"typ", "at+jwt"}});
    CHECK(base64url_decode(parts[2])->size() == (alg == Alg::RS256 ? 256u : 64u)); // ES256: R||S (RFC 7518 §3.4)

    JwsResult result = verify_jws(token, both_public_keys(), kBoth);
    REQUIRE(result);
    CHECK(result.value->payload_json == kPayload);
    CHECK(json::parse(result.value->header_json) == header);
    CHECK(verify_jws(token, both_public_keys(), {alg}));
}

TEST_CASE("ECDSA signatures differ each time and all verify", "[unit]") {
    const auto& key = shared_key(Alg::ES256);
    std::string a = sign_jws(*key, kPayload);
    std::string b = sign_jws(*key, kPayload);
    CHECK(a != b);
    CHECK(verify_jws(a, both_public_keys(), kBoth));
    CHECK(verify_jws(b, both_public_keys(), kBoth));
}

TEST_CASE("a tampered payload, signature or header is rejected", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    auto parts = split(sign_jws(*shared_key(alg), kPayload));

    SECTION("payload") {
        parts[1] = base64url_encode(R"({"iss":"https://idp.example","sub":"810099999999","exp":4102444800})");
        CHECK(error_of(join(parts)) == JwsError::bad_signature);
    }
    SECTION("one signature bit") {
        std::string sig = *base64url_decode(parts[2]);
        sig[sig.size() / 2] ^= 0x01;
        parts[2] = base64url_encode(sig);
        CHECK(error_of(join(parts)) == JwsError::bad_signature);
    }
    SECTION("truncated or extended signature") {
        std::string sig = *base64url_decode(parts[2]);
        parts[2] = base64url_encode(sig.substr(0, sig.size() - 1));
        CHECK(error_of(join(parts)) == JwsError::bad_signature);
        parts[2] = base64url_encode(sig + '\0');
        CHECK(error_of(join(parts)) == JwsError::bad_signature);
    }
    SECTION("header") {
        auto header = json::parse(*base64url_decode(parts[0]));
        header["typ"] = "at+jwt";
        parts[0] = base64url_encode(header.dump());
        CHECK(error_of(join(parts)) == JwsError::bad_signature);
    }
}

TEST_CASE("alg none and HS256 (key confusion) are rejected", "[unit]") {
    const auto& key = shared_key(Alg::RS256);
    std::string none = base64url_encode(json{{"alg", "none"}}.dump()) + "." + base64url_encode(kPayload) + ".";
    CHECK(error_of(none) == JwsError::unsupported_alg);
    CHECK(error_of(forge({{"alg", "none"}, {"kid", key->kid()}}, "x")) == JwsError::unsupported_alg);

    // RFC 8725 §2.1: an HMAC keyed with the public key must not pass as RS256.
    json header{{"alg", "HS256"}, {"kid", key->kid()}, {"typ", "JWT"}};
    std::string input = base64url_encode(header.dump()) + "." + base64url_encode(kPayload);
    std::string secret = key->public_jwk_json();
    unsigned char mac[32];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_len);
    std::string hs256 = input + "." + base64url_encode(std::string(reinterpret_cast<char*>(mac), mac_len));
    CHECK(error_of(hs256) == JwsError::unsupported_alg);
}

TEST_CASE("an algorithm outside the caller's list is rejected", "[unit]") {
    std::string es = sign_jws(*shared_key(Alg::ES256), kPayload);
    CHECK(error_of(es, {Alg::RS256}) == JwsError::unsupported_alg);
    CHECK(error_of(es, {}) == JwsError::unsupported_alg);
}

TEST_CASE("an unknown kid, or a key of another algorithm, is not used", "[unit]") {
    auto parts = split(sign_jws(*shared_key(Alg::RS256), kPayload));
    auto header = json::parse(*base64url_decode(parts[0]));
    header["kid"] = "unknown";
    parts[0] = base64url_encode(header.dump());
    CHECK(error_of(join(parts)) == JwsError::unknown_key);

    // A lookup that ignores the algorithm: the ES256 key must not be tried on an RS256 token.
    auto es_pub = public_key_of(*shared_key(Alg::ES256));
    KeyLookup careless = [&](const std::string&, Alg) { return std::vector<std::shared_ptr<PublicKey>>{es_pub}; };
    auto result = verify_jws(sign_jws(*shared_key(Alg::RS256), kPayload), careless, kBoth);
    REQUIRE_FALSE(result);
    CHECK(result.error == JwsError::unknown_key);
}

TEST_CASE("a header without kid is checked against every key of its algorithm", "[unit]") {
    const auto& key = shared_key(Alg::ES256);
    std::string input = base64url_encode(json{{"alg", "ES256"}}.dump()) + "." + base64url_encode(kPayload);
    std::string token = input + "." + base64url_encode(key->sign(input));
    auto other = public_key_of(*generate_private_key(Alg::ES256));
    CHECK(verify_jws(token, lookup_of({other, public_key_of(*key)}), kBoth));
    auto result = verify_jws(token, lookup_of({other}), kBoth);
    REQUIRE_FALSE(result);
    CHECK(result.error == JwsError::bad_signature);
}

TEST_CASE("malformed tokens are reported, never thrown", "[unit]") {
    std::string good = sign_jws(*shared_key(Alg::RS256), kPayload);
    auto parts = split(good);
    const std::string sig = base64url_encode("signature");
    const std::string kid = shared_key(Alg::RS256)->kid();
    std::vector<std::string> tokens = {"",
                                       ".",
                                       "..",
                                       "...",
                                       "abc",
                                       "a.b",
                                       good + ".",
                                       good + "." + parts[2],
                                       parts[0] + "." + parts[1] + ".",
                                       parts[0] + "=." + parts[1] + "." + parts[2],
                                       "%%%." + parts[1] + "." + parts[2],
                                       parts[0] + ".%%%." + parts[2],
                                       parts[0] + "." + parts[1] + ".%%%",
                                       base64url_encode("not json") + ".e30." + sig,
                                       base64url_encode("[1,2]") + ".e30." + sig,
                                       base64url_encode("\"RS256\"") + ".e30." + sig,
                                       base64url_encode("{\"alg\":\"RS256\"") + ".e30." + sig,
                                       forge({{"alg", 1}}, "s"),
                                       forge({{"alg", nullptr}}, "s"),
                                       forge({{"kid", kid}}, "s"),
                                       forge({{"alg", "RS256"}, {"kid", 42}}, "s"),
                                       forge({{"alg", "RS256"}, {"kid", kid}, {"crit", {"exp"}}, {"exp", 1}}, "s"),
                                       base64url_encode("{\"alg\":\"RS256\",\"kid\":\"\xff\xfe\"}") + ".e30." + sig};
    for (const auto& token : tokens) {
        CAPTURE(token);
        JwsResult result;
        CHECK_NOTHROW(result = verify_jws(token, both_public_keys(), kBoth));
        CHECK_FALSE(result);
        CHECK(result.error == JwsError::malformed);
    }
}

TEST_CASE("a failing lookup makes verification fail without throwing", "[unit]") {
    KeyLookup throwing = [](const std::string&, Alg) -> std::vector<std::shared_ptr<PublicKey>> {
        throw std::runtime_error("store down");
    };
    JwsResult result;
    CHECK_NOTHROW(result = verify_jws(sign_jws(*shared_key(Alg::RS256), kPayload), throwing, kBoth));
    CHECK_FALSE(result);
    CHECK_FALSE(verify_jws(sign_jws(*shared_key(Alg::RS256), kPayload), KeyLookup{}, kBoth));
}

TEST_CASE("shared keys sign and verify concurrently", "[unit]") {
    auto lookup = both_public_keys();
    std::atomic<int> verified{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            Alg alg = t % 2 == 0 ? Alg::RS256 : Alg::ES256;
            for (int i = 0; i < 50; ++i) {
                std::string payload = json{{"n", i}, {"t", t}}.dump();
                auto result = verify_jws(sign_jws(*shared_key(alg), payload), lookup, kBoth);
                if (result && result.value->payload_json == payload) ++verified;
            }
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(verified == 200);
}

TEST_CASE("jws_error_text names every error", "[unit]") {
    for (JwsError e : {JwsError::malformed, JwsError::unsupported_alg, JwsError::unknown_key, JwsError::bad_signature})
        CHECK(std::string(jws_error_text(e)).size() > 5);
    CHECK(std::string(jws_error_text(JwsError::bad_signature)) != jws_error_text(JwsError::malformed));
}
