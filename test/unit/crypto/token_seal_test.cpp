#include <catch2/catch.hpp>

#include "crypto/encoding.hpp"
#include "crypto/token_seal.hpp"

using namespace esc::crypto;

TEST_CASE("a value sealed under a secret opens only with that secret and aad", "[unit][crypto]") {
    std::string secret = random_token(32);
    std::string body = R"({"access_token":"eyJ...","refresh_token":"r2"})";
    auto sealed = seal_with_secret(secret, body, "hash-1");
    CHECK(sealed.find("refresh_token") == std::string::npos);
    CHECK(sealed != seal_with_secret(secret, body, "hash-1")); // fresh nonce each time
    CHECK(open_with_secret(secret, sealed, "hash-1") == body);
    CHECK_FALSE(open_with_secret(random_token(32), sealed, "hash-1"));
    CHECK_FALSE(open_with_secret(secret, sealed, "hash-2"));
    // The store keeps sha256(secret): it is not the key.
    CHECK_FALSE(open_with_secret(sha256_b64url(secret), sealed, "hash-1"));
    auto altered = sealed;
    altered[20] = altered[20] == 'A' ? 'B' : 'A';
    CHECK_FALSE(open_with_secret(secret, altered, "hash-1"));
    CHECK_FALSE(open_with_secret(secret, "short", "hash-1"));
    CHECK(open_with_secret(secret, seal_with_secret(secret, "", ""), "") == std::string());
}
