#include <catch2/catch.hpp>

#include "crypto/encoding.hpp"
#include "crypto/key_wrap.hpp"

using namespace esc::crypto;

namespace {
KeyEncryptionKey kek_from(const std::string& raw) {
    std::string why;
    auto k = KeyEncryptionKey::from_base64(base64_encode(raw), why);
    REQUIRE(k);
    return *k;
}
} // namespace

TEST_CASE("a wrapped signing key round-trips and does not contain the clear key", "[unit]") {
    auto kek = KeyEncryptionKey::generate();
    const std::string pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END "
                            "PRIVATE KEY-----\n";
    auto wrapped = wrap_secret(kek, pem, "ES256|kid-1");
    CHECK(is_wrapped(wrapped));
    CHECK_FALSE(is_wrapped(pem));
    CHECK(wrapped.find("PRIVATE KEY") == std::string::npos);
    CHECK(wrapped.find("MIGHAgEA") == std::string::npos);
    CHECK(wrapped_kek_id(wrapped) == kek.id());
    CHECK(unwrap_secret(kek, wrapped, "ES256|kid-1") == pem);
    CHECK(wrap_secret(kek, pem, "ES256|kid-1") != wrapped); // fresh nonce each time
}

TEST_CASE("unwrapping fails under another KEK, another context or an altered byte", "[unit]") {
    auto kek = kek_from(std::string(32, '\x01'));
    auto other = kek_from(std::string(32, '\x02'));
    CHECK(kek.id() != other.id());
    auto wrapped = wrap_secret(kek, "secret key material", "RS256|a");
    CHECK_THROWS_WITH(unwrap_secret(other, wrapped, "RS256|a"), Catch::Contains("key-encryption key"));
    CHECK_THROWS_AS(unwrap_secret(kek, wrapped, "RS256|b"), KeyWrapError); // row swapped onto another kid
    std::string altered = wrapped;
    altered[altered.size() - 5] = altered[altered.size() - 5] == 'A' ? 'B' : 'A';
    CHECK_THROWS_AS(unwrap_secret(kek, altered, "RS256|a"), KeyWrapError);
    CHECK_THROWS_AS(unwrap_secret(kek, "esc-kw1:" + kek.id() + ":AAAA", "RS256|a"), KeyWrapError);
    CHECK_THROWS_AS(unwrap_secret(kek, "-----BEGIN PRIVATE KEY-----", "RS256|a"), KeyWrapError);
}

TEST_CASE("a key-encryption key is base64 of exactly 32 bytes", "[unit]") {
    std::string why;
    auto generated = KeyEncryptionKey::generate();
    auto parsed = KeyEncryptionKey::from_base64(generated.to_base64() + "\n", why);
    REQUIRE(parsed);
    CHECK(parsed->id() == generated.id());
    CHECK_FALSE(KeyEncryptionKey::from_base64(base64_encode(std::string(16, 'k')), why));
    CHECK(why.find("32") != std::string::npos);
    CHECK_FALSE(KeyEncryptionKey::from_base64("not base64 !!", why));
    CHECK_FALSE(KeyEncryptionKey::from_base64("", why));
}
