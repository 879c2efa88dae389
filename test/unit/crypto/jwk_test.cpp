#include <catch2/catch.hpp>

#include <cstring>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "test_keys.hpp"

using namespace esc::crypto;
using esc::crypto::test::lookup_of;
using esc::crypto::test::shared_key;
using nlohmann::json;

namespace {

// RFC 7638 §3.1: the example RSA key and its thumbprint.
const char* kRfc7638Modulus =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
    "BJECPebWKRXjBZCiFV4n3oknjhMs"
    "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5"
    "hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-"
    "kEgU8awapJzKnqDKgw";
const char* kRfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

std::string jwks_of(const std::vector<json>& keys) {
    return json{{"keys", keys}}.dump();
}

std::string pem_of(EVP_PKEY* pkey, const EVP_CIPHER* cipher = nullptr, const char* pass = nullptr) {
    BIO* bio = BIO_new(BIO_s_mem());
    int pass_len = pass ? static_cast<int>(strlen(pass)) : 0;
    REQUIRE(PEM_write_bio_PKCS8PrivateKey(bio, pkey, cipher, const_cast<char*>(pass), pass_len, nullptr, nullptr) == 1);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    return pem;
}

} // namespace

TEST_CASE("the kid of an imported JWK without one is its RFC 7638 thumbprint", "[unit]") {
    // RFC 7638 §3.1 example; the extra members must not enter the thumbprint.
    json jwk{{"kty", "RSA"}, {"n", kRfc7638Modulus}, {"e", "AQAB"}, {"alg", "RS256"}};
    auto keys = public_keys_from_jwks(jwks_of({jwk}));
    REQUIRE(keys.size() == 1);
    CHECK(keys[0]->kid() == kRfc7638Thumbprint);
    CHECK(keys[0]->alg() == Alg::RS256);
    jwk["kid"] = "2011-04-29";
    keys = public_keys_from_jwks(jwks_of({jwk}));
    REQUIRE(keys.size() == 1);
    CHECK(keys[0]->kid() == "2011-04-29");
}

TEST_CASE("the public JWK of our keys carries the RFC 7638 kid and no private member", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    const auto& key = shared_key(alg);
    auto jwk = json::parse(key->public_jwk_json());
    CHECK(jwk["kid"] == key->kid());
    CHECK(jwk["use"] == "sig");
    CHECK(jwk["alg"] == alg_name(alg));
    CHECK_FALSE(jwk.contains("d"));
    std::string canonical;
    if (alg == Alg::RS256) {
        CHECK(jwk.size() == 6);
        CHECK(jwk["kty"] == "RSA");
        CHECK(jwk["e"] == "AQAB");
        CHECK(base64url_decode(jwk["n"].get<std::string>())->size() == 256);
        canonical = R"({"e":")" + jwk["e"].get<std::string>() + R"(","kty":"RSA","n":")" + jwk["n"].get<std::string>() +
                    R"("})";
    } else {
        CHECK(jwk.size() == 7);
        CHECK(jwk["kty"] == "EC");
        CHECK(jwk["crv"] == "P-256");
        CHECK(base64url_decode(jwk["x"].get<std::string>())->size() == 32);
        CHECK(base64url_decode(jwk["y"].get<std::string>())->size() == 32);
        canonical = R"({"crv":"P-256","kty":"EC","x":")" + jwk["x"].get<std::string>() + R"(","y":")" +
                    jwk["y"].get<std::string>() + R"("})";
    }
    CHECK(key->kid() == sha256_b64url(canonical));
    CHECK(generate_private_key(alg)->kid() != key->kid());
}

TEST_CASE("a JWKS import round trip verifies our tokens", "[unit]") {
    const auto& rsa = shared_key(Alg::RS256);
    const auto& ec = shared_key(Alg::ES256);
    auto keys =
        public_keys_from_jwks(jwks_of({json::parse(rsa->public_jwk_json()), json::parse(ec->public_jwk_json())}));
    REQUIRE(keys.size() == 2);
    CHECK(keys[0]->kid() == rsa->kid());
    CHECK(keys[0]->alg() == Alg::RS256);
    CHECK(keys[1]->kid() == ec->kid());
    CHECK(keys[1]->alg() == Alg::ES256);
    auto lookup = lookup_of(keys);
    CHECK(verify_jws(sign_jws(*rsa, "{}"), lookup, {Alg::RS256}));
    CHECK(verify_jws(sign_jws(*ec, "{}"), lookup, {Alg::ES256}));
    CHECK_FALSE(verify_jws(sign_jws(*generate_private_key(Alg::ES256), "{}"), lookup, {Alg::ES256}));
}

TEST_CASE("a JWK without alg or use gets the algorithm of its key type", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    auto jwk = json::parse(shared_key(alg)->public_jwk_json());
    jwk.erase("alg");
    jwk.erase("use");
    auto keys = public_keys_from_jwks(jwks_of({jwk}));
    REQUIRE(keys.size() == 1);
    CHECK(keys[0]->alg() == alg);
    CHECK(verify_jws(sign_jws(*shared_key(alg), "{}"), lookup_of(keys), {alg}));
}

TEST_CASE("unusable JWKS entries are skipped, the others kept", "[unit]") {
    const json rsa = json::parse(shared_key(Alg::RS256)->public_jwk_json());
    const json ec = json::parse(shared_key(Alg::ES256)->public_jwk_json());
    auto with = [](json jwk, const char* name, json value) {
        jwk[name] = std::move(value);
        return jwk;
    };
    std::string y = *base64url_decode(ec["y"].get<std::string>());
    y[31] ^= 0x01; // no longer on the curve
    std::string small_n = *base64url_decode(rsa["n"].get<std::string>());
    small_n.resize(128); // 1024 bits: below RFC 7518 §3.3
    std::vector<json> bad = {42,
                             "key",
                             json::array(),
                             with(rsa, "kty", "oct"),
                             with(rsa, "use", "enc"),
                             with(rsa, "alg", "ES256"),
                             with(rsa, "alg", "PS256"),
                             with(rsa, "alg", "none"),
                             with(rsa, "kid", 7),
                             with(rsa, "n", "a+b"),
                             with(rsa, "n", 12),
                             with(rsa, "e", ""),
                             with(rsa, "e", "Ag"), // even exponent
                             with(rsa, "n", base64url_encode(small_n)),
                             with(ec, "crv", "P-384"),
                             with(ec, "alg", "RS256"),
                             with(ec, "x", ec["x"].get<std::string>().substr(0, 40)),
                             with(ec, "y", base64url_encode(y)),
                             with(ec, "y", nullptr)};
    auto keys = public_keys_from_jwks(jwks_of(bad));
    CHECK(keys.empty());
    bad.push_back(ec);
    keys = public_keys_from_jwks(jwks_of(bad));
    REQUIRE(keys.size() == 1);
    CHECK(keys[0]->kid() == ec["kid"]);
}

TEST_CASE("a malformed JWKS document yields no key", "[unit]") {
    for (const char* doc : {"", "not json", "[]", "{}", R"({"keys":{}})", R"({"keys":"x"})", R"({"keys":[)", "null"})
        CHECK(public_keys_from_jwks(doc).empty());
}

TEST_CASE("private keys round-trip through PKCS#8 PEM", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    const auto& key = shared_key(alg);
    std::string pem = key->private_pem();
    CHECK(pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    auto loaded = load_private_key(alg, pem);
    REQUIRE(loaded);
    CHECK(loaded->kid() == key->kid());
    CHECK(loaded->public_jwk_json() == key->public_jwk_json());
    CHECK(verify_jws(sign_jws(*loaded, "{}"), lookup_of({public_key_of(*key)}), {alg}));
    CHECK_FALSE(load_private_key(alg == Alg::RS256 ? Alg::ES256 : Alg::RS256, pem));
}

TEST_CASE("load_private_key refuses weak, foreign, encrypted or garbled keys", "[unit]") {
    CHECK_FALSE(load_private_key(Alg::RS256, pem_of(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{1024}))));
    CHECK_FALSE(load_private_key(Alg::ES256, pem_of(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"))));
    CHECK_FALSE(load_private_key(Alg::ES256, pem_of(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"))));
    // Must fail without prompting for a passphrase on the terminal.
    std::string encrypted = pem_of(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_aes_256_cbc(), "secret");
    CHECK(encrypted.find("ENCRYPTED PRIVATE KEY") != std::string::npos);
    CHECK_FALSE(load_private_key(Alg::ES256, encrypted));
    std::string pem = shared_key(Alg::RS256)->private_pem();
    CHECK_FALSE(load_private_key(Alg::RS256, pem.substr(0, pem.size() / 2)));
    CHECK_FALSE(load_private_key(Alg::RS256, ""));
    CHECK_FALSE(load_private_key(Alg::RS256, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
}
