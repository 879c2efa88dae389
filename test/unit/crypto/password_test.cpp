#include <catch2/catch.hpp>

#include <argon2.h>

#include "crypto/password.hpp"

using namespace esc::crypto;

namespace {

// Encodes with explicit parameters, to check that verification reads them from the string.
std::string argon2id_with(std::uint32_t t, std::uint32_t m, std::string_view password) {
    const std::string salt = "0123456789abcdef";
    std::string encoded(argon2_encodedlen(t, m, 1, salt.size(), 32, Argon2_id), '\0');
    REQUIRE(argon2id_hash_encoded(t, m, 1, password.data(), password.size(), salt.data(), salt.size(), 32,
                                  encoded.data(), encoded.size()) == ARGON2_OK);
    return encoded.c_str();
}

} // namespace

TEST_CASE("hash_password produces an Argon2id PHC string with the OWASP parameters", "[unit]") {
    std::string hash = hash_password("correct horse battery staple");
    CHECK(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    // 16-byte salt and 32-byte hash, unpadded base64: 22 and 43 characters.
    auto salt_start = hash.find('$', 30) + 1;
    auto hash_start = hash.find('$', salt_start) + 1;
    CHECK(hash_start - salt_start - 1 == 22);
    CHECK(hash.size() - hash_start == 43);
    CHECK(hash.find('\0') == std::string::npos);
    CHECK(hash != hash_password("correct horse battery staple")); // fresh salt each time
}

TEST_CASE("verify_password accepts the right password only", "[unit]") {
    std::string hash = hash_password("Mot de passe très sûr");
    CHECK(verify_password(hash, "Mot de passe très sûr"));
    CHECK_FALSE(verify_password(hash, "Mot de passe tres sur"));
    CHECK_FALSE(verify_password(hash, ""));
    CHECK_FALSE(verify_password(hash, std::string_view("Mot de passe très sûr\0", 24)));
    std::string empty_hash = hash_password("");
    CHECK(verify_password(empty_hash, ""));
    CHECK_FALSE(verify_password(empty_hash, " "));
}

TEST_CASE("verify_password reads the cost parameters from the stored hash", "[unit]") {
    std::string cheap = argon2id_with(1, 1024, "pw");
    CHECK(verify_password(cheap, "pw"));
    CHECK_FALSE(verify_password(cheap, "pW"));
}

TEST_CASE("verify_password returns false for malformed or hostile hashes", "[unit]") {
    std::string hash = hash_password("pw");
    std::string flipped = hash;
    flipped[flipped.size() - 3] = flipped[flipped.size() - 3] == 'A' ? 'B' : 'A';
    std::string argon2i = hash;
    argon2i.replace(0, 9, "$argon2i");
    for (const std::string& bad :
         {std::string(), std::string("$argon2id$"), std::string("plain"), hash.substr(0, hash.size() - 10), flipped,
          argon2i, hash + "$", std::string("$argon2id$v=19$m=4194304,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$") + "x",
          std::string("$argon2id$v=19$m=19456,t=2,p=1$$"),
          hash.substr(0, 20) + std::string(1, '\0') + hash.substr(21)}) {
        CAPTURE(bad);
        CHECK_FALSE(verify_password(bad, "pw"));
    }
    // Too costly to be ours: refused before any work, even with the right password.
    CHECK_FALSE(verify_password(argon2id_with(17, 1024, "pw"), "pw"));
}
