// Registration and assertion ceremonies built here as an authenticator and a browser would:
// real keys, CBOR written by a small test-only encoder, DER ECDSA and PKCS#1 signatures.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto/encoding.hpp"
#include "crypto/webauthn.hpp"

using namespace esc::crypto;
using namespace esc::crypto::webauthn;

namespace {

// --- a minimal CBOR encoder (RFC 8949 §3, shortest argument form) ---

std::string head(unsigned major, std::uint64_t argument) {
    std::string out;
    auto big_endian = [&](int size) {
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8)
            out += static_cast<char>(argument >> shift & 0xff);
    };
    char initial = static_cast<char>(major << 5);
    if (argument < 24) return std::string(1, static_cast<char>(initial | argument));
    int size = argument <= 0xff ? 1 : argument <= 0xffff ? 2 : argument <= 0xffffffff ? 4 : 8;
    out += static_cast<char>(initial | (size == 1 ? 24 : size == 2 ? 25 : size == 4 ? 26 : 27));
    big_endian(size);
    return out;
}

std::string integer(std::int64_t n) {
    return n >= 0 ? head(0, static_cast<std::uint64_t>(n)) : head(1, static_cast<std::uint64_t>(-1 - n));
}
std::string bytes(std::string_view s) {
    return head(2, s.size()) + std::string(s);
}
std::string text(std::string_view s) {
    return head(3, s.size()) + std::string(s);
}
std::string map(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out = head(5, pairs.size());
    for (const auto& [key, value] : pairs)
        out += key + value;
    return out;
}

// --- keys ---

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

EVP_PKEY* p256_key() {
    static const Pkey key(EVP_EC_gen("P-256"));
    return key.get();
}
EVP_PKEY* rsa_key() {
    static const Pkey key(EVP_RSA_gen(2048));
    return key.get();
}

std::string bn_param(EVP_PKEY* key, const char* name, int pad_to = 0) {
    BIGNUM* bn = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(key, name, &bn) == 1);
    std::string out(pad_to > 0 ? static_cast<std::size_t>(pad_to) : static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    auto* buf = reinterpret_cast<unsigned char*>(out.data());
    if (pad_to > 0)
        BN_bn2binpad(bn, buf, pad_to);
    else
        BN_bn2bin(bn, buf);
    BN_free(bn);
    return out;
}

std::string spki_of(EVP_PKEY* key) {
    int size = i2d_PUBKEY(key, nullptr);
    std::string der(static_cast<std::size_t>(size), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_PUBKEY(key, &out);
    return der;
}

// COSE_Key of an EC key (RFC 9053 §7.1.1); coordinates padded to the curve size.
std::string cose_ec2(EVP_PKEY* key, int alg = -7, int crv = 1, int coordinate_size = 32) {
    return map({{integer(1), integer(2)},
                {integer(3), integer(alg)},
                {integer(-1), integer(crv)},
                {integer(-2), bytes(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, coordinate_size))},
                {integer(-3), bytes(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, coordinate_size))}});
}

std::string cose_rsa(EVP_PKEY* key) { // RFC 8230 §4
    return map({{integer(1), integer(3)},
                {integer(3), integer(-257)},
                {integer(-1), bytes(bn_param(key, OSSL_PKEY_PARAM_RSA_N))},
                {integer(-2), bytes(bn_param(key, OSSL_PKEY_PARAM_RSA_E))}});
}

std::string sign(EVP_PKEY* key, std::string_view data) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t size = 0;
    auto* in = reinterpret_cast<const unsigned char*>(data.data());
    REQUIRE(EVP_DigestSignInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, key, nullptr) == 1);
    REQUIRE(EVP_DigestSign(ctx, nullptr, &size, in, data.size()) == 1);
    std::string sig(size, '\0');
    REQUIRE(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &size, in, data.size()) == 1);
    EVP_MD_CTX_free(ctx);
    sig.resize(size);
    return sig;
}

// The same ECDSA signature as R||S (RFC 7518 §3.4), the form WebAuthn does not use.
std::string raw_ecdsa(const std::string& der) {
    const auto* in = reinterpret_cast<const unsigned char*>(der.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size()));
    REQUIRE(sig != nullptr);
    std::string raw(64, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

// --- ceremonies ---

constexpr unsigned kUp = 0x01, kUv = 0x04, kBe = 0x08, kBs = 0x10, kAt = 0x40, kEd = 0x80;
const std::string kOrigin = "https://localhost:8443";
const std::string kRpId = "localhost";

std::string big_endian(std::uint64_t value, int size) {
    std::string out;
    for (int shift = (size - 1) * 8; shift >= 0; shift -= 8)
        out += static_cast<char>(value >> shift & 0xff);
    return out;
}

// One ceremony as the browser and authenticator would produce it; each test spoils one field.
struct Ceremony {
    std::string issued = random_bytes(32); // the challenge we sent
    std::string type = "webauthn.create";
    std::string challenge = issued; // the challenge the browser echoes
    std::string origin = kOrigin;
    std::string client_extra; // more clientDataJSON members, each with a leading comma
    std::string rp_id = kRpId;
    unsigned flags = kUp | kUv | kAt;
    std::uint32_t sign_count = 0;
    std::string aaguid = std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 16);
    std::string credential_id = random_bytes(20);
    std::string cose_key = cose_ec2(p256_key());
    std::string extensions; // encoded CBOR appended after the key (and the ED flag set by the test)
    std::string fmt = "none";
    std::string statement = map({});
    std::string auth_data_suffix;

    Expectation expectation() const { return {.challenge = issued, .origin = kOrigin, .rp_id = kRpId}; }

    std::string client_data_json() const {
        return R"({"type":")" + type + R"(","challenge":")" + base64url_encode(challenge) + R"(","origin":")" + origin +
               '"' + client_extra + "}";
    }

    std::string authenticator_data() const {
        std::string out = sha256(rp_id) + static_cast<char>(flags) + big_endian(sign_count, 4);
        if (flags & kAt) out += aaguid + big_endian(credential_id.size(), 2) + credential_id + cose_key;
        return out + extensions + auth_data_suffix;
    }

    std::string attestation_object() const {
        return map(
            {{text("fmt"), text(fmt)}, {text("attStmt"), statement}, {text("authData"), bytes(authenticator_data())}});
    }

    std::variant<NewCredential, Error> register_credential() const {
        return verify_registration(client_data_json(), attestation_object(), expectation());
    }
};

// An assertion ceremony over the stored P-256 key unless told otherwise.
struct Login : Ceremony {
    EVP_PKEY* key = p256_key();
    int alg = -7;
    std::uint32_t stored_count = 0;
    std::string signature_override;

    Login() {
        type = "webauthn.get";
        flags = kUp | kUv;
        sign_count = 1;
    }

    std::string signature() const {
        if (!signature_override.empty()) return signature_override;
        return sign(key, authenticator_data() + sha256(client_data_json()));
    }

    std::variant<Assertion, Error> assert_credential() const {
        return verify_assertion(client_data_json(), authenticator_data(), signature(), spki_of(key), alg, stored_count,
                                expectation());
    }
};

template <class T> std::string_view failure(const std::variant<T, Error>& result) {
    const Error* error = std::get_if<Error>(&result);
    return error ? error_text(*error) : "success";
}

} // namespace

TEST_CASE("webauthn registers an ES256 passkey", "[unit]") {
    Ceremony c;
    c.flags |= kBe | kBs;
    c.sign_count = 7;
    auto result = c.register_credential();
    REQUIRE(failure(result) == "success");
    const auto& credential = std::get<NewCredential>(result);
    CHECK(credential.credential_id == c.credential_id);
    CHECK(credential.public_key_der == spki_of(p256_key()));
    CHECK(credential.cose_alg == -7);
    CHECK(credential.sign_count == 7);
    CHECK(credential.aaguid == c.aaguid);
    CHECK(credential.backup_eligible);

    // The stored key then verifies a login signed by the authenticator.
    Login login;
    auto assertion = verify_assertion(login.client_data_json(), login.authenticator_data(), login.signature(),
                                      credential.public_key_der, credential.cose_alg, 0, login.expectation());
    CHECK(failure(assertion) == "success");
}

TEST_CASE("webauthn registers an RS256 key of 2048 bits", "[unit]") {
    Ceremony c;
    c.cose_key = cose_rsa(rsa_key());
    c.flags = kUp | kUv | kAt;
    auto result = c.register_credential();
    REQUIRE(failure(result) == "success");
    const auto& credential = std::get<NewCredential>(result);
    CHECK(credential.public_key_der == spki_of(rsa_key()));
    CHECK(credential.cose_alg == -257);
    CHECK(credential.sign_count == 0);
    CHECK_FALSE(credential.backup_eligible);
}

TEST_CASE("webauthn registration accepts extensions, crossOrigin false and UV when optional", "[unit]") {
    Ceremony c;
    c.flags |= kEd;
    c.extensions = map({{text("credProtect"), integer(2)}});
    c.client_extra =
        R"(,"crossOrigin":false,"other_keys_can_be_added_here":"do not compare clientDataJSON against a template")";
    CHECK(failure(c.register_credential()) == "success");

    Ceremony no_uv;
    no_uv.flags = kUp | kAt;
    auto relaxed = no_uv.expectation();
    relaxed.require_user_verification = false;
    CHECK(failure(verify_registration(no_uv.client_data_json(), no_uv.attestation_object(), relaxed)) == "success");
}

TEST_CASE("webauthn registration refuses what the client data does not match", "[unit]") {
    auto refused = [](auto&& spoil) {
        Ceremony c;
        spoil(c);
        return std::string(failure(c.register_credential()));
    };
    CHECK(refused([](Ceremony& c) { c.type = "webauthn.get"; }) == error_text(Error::wrong_type));
    CHECK(refused([](Ceremony& c) { c.challenge = random_bytes(32); }) == error_text(Error::challenge_mismatch));
    CHECK(refused([](Ceremony& c) { c.challenge = c.issued.substr(1); }) == error_text(Error::challenge_mismatch));
    CHECK(refused([](Ceremony& c) { c.issued = c.challenge = ""; }) == error_text(Error::challenge_mismatch));
    CHECK(refused([](Ceremony& c) { c.origin = "https://evil.example"; }) == error_text(Error::origin_mismatch));
    CHECK(refused([](Ceremony& c) { c.origin = kOrigin + "/"; }) == error_text(Error::origin_mismatch));
    CHECK(refused([](Ceremony& c) { c.client_extra = R"(,"crossOrigin":true)"; }) ==
          error_text(Error::origin_mismatch));
    CHECK(refused([](Ceremony& c) { c.client_extra = R"(,"crossOrigin":"false")"; }) == error_text(Error::malformed));

    Ceremony c;
    auto padded = c.expectation();
    std::string json = R"({"type":"webauthn.create","challenge":")" + base64url_encode(c.issued) + R"(=","origin":")" +
                       kOrigin + R"("})";
    CHECK(failure(verify_registration(json, c.attestation_object(), padded)) == error_text(Error::challenge_mismatch));
    for (std::string bad : {std::string("not json"), std::string("[1]"), std::string(R"({"type":"webauthn.create"})"),
                            std::string(R"({"type":1,"challenge":"","origin":""})"), std::string("{\"a\":\"\xff\"}")})
        CHECK(failure(verify_registration(bad, c.attestation_object(), c.expectation())) ==
              error_text(Error::malformed));
}

TEST_CASE("webauthn registration checks the RP ID hash and the flags", "[unit]") {
    auto refused = [](auto&& spoil) {
        Ceremony c;
        spoil(c);
        return std::string(failure(c.register_credential()));
    };
    CHECK(refused([](Ceremony& c) { c.rp_id = "evil.example"; }) == error_text(Error::rp_id_mismatch));
    CHECK(refused([](Ceremony& c) { c.rp_id = "localhost."; }) == error_text(Error::rp_id_mismatch));
    CHECK(refused([](Ceremony& c) { c.flags = kUv | kAt; }) == error_text(Error::user_not_present));
    CHECK(refused([](Ceremony& c) { c.flags = kUp | kAt; }) == error_text(Error::user_not_verified));
    CHECK(refused([](Ceremony& c) { c.flags = kUp | kUv; }) == error_text(Error::malformed));    // no AT
    CHECK(refused([](Ceremony& c) { c.flags |= kBs; }) == error_text(Error::malformed));         // BS without BE
    CHECK(refused([](Ceremony& c) { c.flags |= kEd; }) == error_text(Error::malformed));         // ED, no extensions
    CHECK(refused([](Ceremony& c) { c.extensions = map({}); }) == error_text(Error::malformed)); // extensions, no ED
    CHECK(refused([](Ceremony& c) {
              c.flags |= kEd;
              c.extensions = integer(1);
          }) == error_text(Error::malformed));
}

TEST_CASE("webauthn registration accepts only the none attestation format", "[unit]") {
    auto refused = [](auto&& spoil) {
        Ceremony c;
        spoil(c);
        return std::string(failure(c.register_credential()));
    };
    CHECK(refused([](Ceremony& c) {
              c.fmt = "packed";
              c.statement = map({{text("alg"), integer(-7)}, {text("sig"), bytes(std::string(70, 'S'))}});
          }) == error_text(Error::unsupported_attestation));
    CHECK(refused([](Ceremony& c) { c.fmt = "packed"; }) == error_text(Error::unsupported_attestation));
    CHECK(refused([](Ceremony& c) {
              c.statement = map({{text("x5c"), bytes("cert")}});
          }) == error_text(Error::unsupported_attestation));
    CHECK(refused([](Ceremony& c) { c.statement = bytes(""); }) == error_text(Error::malformed));
}

TEST_CASE("webauthn registration accepts only P-256 ES256 and RS256 keys of 2048 bits or more", "[unit]") {
    auto refused = [](auto&& spoil) {
        Ceremony c;
        spoil(c);
        return std::string(failure(c.register_credential()));
    };
    static const Pkey p384(EVP_EC_gen("P-384"));
    static const Pkey rsa1024(EVP_RSA_gen(1024));
    const auto unsupported = std::string(error_text(Error::unsupported_key));
    CHECK(refused([](Ceremony& c) { c.cose_key = cose_ec2(p384.get(), -7, 2, 48); }) == unsupported);
    CHECK(refused([](Ceremony& c) { c.cose_key = cose_ec2(p384.get(), -35, 2, 48); }) == unsupported);
    CHECK(refused([](Ceremony& c) { c.cose_key = cose_ec2(p256_key(), -8); }) == unsupported);
    CHECK(refused([](Ceremony& c) { c.cose_key = cose_ec2(p256_key(), -257); }) == unsupported); // kty 2, RS256
    CHECK(refused([](Ceremony& c) { c.cose_key = cose_rsa(rsa1024.get()); }) == unsupported);
    CHECK(refused([](Ceremony& c) { // Ed25519 (RFC 9053 §7.2)
              c.cose_key = map({{integer(1), integer(1)},
                                {integer(3), integer(-8)},
                                {integer(-1), integer(6)},
                                {integer(-2), bytes(std::string(32, 'k'))}});
          }) == unsupported);
    CHECK(refused([](Ceremony& c) { // a point off the curve
              std::string key = cose_ec2(p256_key());
              key.back() = static_cast<char>(key.back() ^ 1);
              c.cose_key = key;
          }) == unsupported);
    CHECK(refused([](Ceremony& c) { c.cose_key = map({{integer(3), integer(-7)}}); }) == unsupported);
    CHECK(refused([](Ceremony& c) { c.cose_key = bytes("not a map"); }) == error_text(Error::malformed));
}

TEST_CASE("webauthn registration refuses truncated and padded data", "[unit]") {
    Ceremony c;
    std::string data = c.authenticator_data();
    auto with_auth_data = [&](const std::string& auth_data) {
        std::string object =
            map({{text("fmt"), text("none")}, {text("attStmt"), map({})}, {text("authData"), bytes(auth_data)}});
        return std::string(failure(verify_registration(c.client_data_json(), object, c.expectation())));
    };
    REQUIRE(with_auth_data(data) == "success");
    for (std::size_t size : {std::size_t{0}, std::size_t{32}, std::size_t{36}, std::size_t{37}, std::size_t{54},
                             std::size_t{55}, std::size_t{60}, data.size() - 1})
        CHECK(with_auth_data(data.substr(0, size)) == error_text(Error::malformed));
    CHECK(with_auth_data(data + '\0') == error_text(Error::malformed));

    auto refused = [](auto&& spoil) {
        Ceremony c;
        spoil(c);
        return std::string(failure(c.register_credential()));
    };
    CHECK(refused([](Ceremony& c) { c.credential_id = ""; }) == error_text(Error::malformed));
    CHECK(refused([](Ceremony& c) { c.credential_id = std::string(1024, 'i'); }) == error_text(Error::malformed));
    CHECK(refused([](Ceremony& c) { c.credential_id = std::string(1023, 'i'); }) == "success");

    std::string object = c.attestation_object();
    CHECK(failure(verify_registration(c.client_data_json(), object + '\0', c.expectation())) ==
          error_text(Error::malformed));
    for (std::size_t size = 0; size < object.size(); size += 7)
        CHECK(failure(verify_registration(c.client_data_json(), object.substr(0, size), c.expectation())) ==
              error_text(Error::malformed));
}

TEST_CASE("webauthn verifies an ES256 and an RS256 assertion", "[unit]") {
    Login es256;
    es256.sign_count = 42;
    es256.stored_count = 41;
    auto result = es256.assert_credential();
    REQUIRE(failure(result) == "success");
    CHECK(std::get<Assertion>(result).sign_count == 42);

    Login rs256;
    rs256.key = rsa_key();
    rs256.alg = -257;
    rs256.flags |= kEd;
    rs256.extensions = map({{text("appid"), integer(0)}});
    CHECK(failure(rs256.assert_credential()) == "success");
}

TEST_CASE("webauthn assertion refuses what the client or authenticator data does not match", "[unit]") {
    auto refused = [](auto&& spoil) {
        Login c;
        spoil(c);
        return std::string(failure(c.assert_credential()));
    };
    CHECK(refused([](Login& c) { c.type = "webauthn.create"; }) == error_text(Error::wrong_type));
    CHECK(refused([](Login& c) { c.challenge = random_bytes(32); }) == error_text(Error::challenge_mismatch));
    CHECK(refused([](Login& c) { c.origin = "https://localhost:8444"; }) == error_text(Error::origin_mismatch));
    CHECK(refused([](Login& c) { c.client_extra = R"(,"crossOrigin":true)"; }) == error_text(Error::origin_mismatch));
    CHECK(refused([](Login& c) { c.rp_id = "example.com"; }) == error_text(Error::rp_id_mismatch));
    CHECK(refused([](Login& c) { c.flags = kUv; }) == error_text(Error::user_not_present));
    CHECK(refused([](Login& c) { c.flags = kUp; }) == error_text(Error::user_not_verified));
    CHECK(refused([](Login& c) { c.auth_data_suffix = std::string(1, '\0'); }) == error_text(Error::malformed));
    CHECK(refused([](Login& c) { c.client_extra = ","; }) == error_text(Error::malformed));

    Login c;
    std::string data = c.authenticator_data();
    auto signature = c.signature();
    CHECK(failure(verify_assertion(c.client_data_json(), data.substr(0, 36), signature, spki_of(c.key), -7, 0,
                                   c.expectation())) == error_text(Error::malformed));
}

TEST_CASE("webauthn assertion refuses a bad signature or an unusable stored key", "[unit]") {
    auto refused = [](auto&& spoil) {
        Login c;
        spoil(c);
        return std::string(failure(c.assert_credential()));
    };
    const auto bad = std::string(error_text(Error::bad_signature));
    for (std::size_t at : {std::size_t{5}, std::size_t{20}, std::size_t{40}})
        CHECK(refused([at](Login& c) {
                  std::string sig = c.signature();
                  sig[at] = static_cast<char>(sig[at] ^ 0x01);
                  c.signature_override = sig;
              }) == bad);
    CHECK(refused([](Login& c) { c.signature_override = raw_ecdsa(c.signature()); }) == bad); // §6.5.5: DER only
    CHECK(refused([](Login& c) { c.signature_override = sign(c.key, "something else"); }) == bad);
    CHECK(refused([](Login& c) {
              c.key = rsa_key();
              c.alg = -257;
              std::string sig = c.signature();
              sig.back() = static_cast<char>(sig.back() ^ 0x80);
              c.signature_override = sig;
          }) == bad);

    Login c;
    const auto unsupported = std::string(error_text(Error::unsupported_key));
    auto with_key = [&](const std::string& der, int alg) {
        return std::string(failure(verify_assertion(c.client_data_json(), c.authenticator_data(), c.signature(), der,
                                                    alg, 0, c.expectation())));
    };
    CHECK(with_key(spki_of(p256_key()), -257) == unsupported);
    CHECK(with_key(spki_of(rsa_key()), -7) == unsupported);
    CHECK(with_key(spki_of(p256_key()), -8) == unsupported);
    CHECK(with_key(spki_of(p256_key()) + '\0', -7) == unsupported);
    CHECK(with_key("garbage", -7) == unsupported);
    CHECK(with_key(spki_of(p256_key()), -7) == "success");
}

TEST_CASE("webauthn assertion requires a counter that increases once either side counts", "[unit]") {
    auto outcome = [](std::uint32_t stored, std::uint32_t received) {
        Login c;
        c.stored_count = stored;
        c.sign_count = received;
        return std::string(failure(c.assert_credential()));
    };
    const auto regressed = std::string(error_text(Error::counter_regressed));
    CHECK(outcome(0, 0) == "success"); // an authenticator that does not count
    CHECK(outcome(0, 3) == "success");
    CHECK(outcome(5, 6) == "success");
    CHECK(outcome(5, 5) == regressed); // a replayed or cloned authenticator
    CHECK(outcome(5, 4) == regressed);
    CHECK(outcome(5, 0) == regressed);
    CHECK(outcome(0xfffffffe, 0xffffffff) == "success");
}

TEST_CASE("webauthn error texts are distinct", "[unit]") {
    std::vector<Error> all = {
        Error::malformed,       Error::wrong_type,       Error::challenge_mismatch, Error::origin_mismatch,
        Error::rp_id_mismatch,  Error::user_not_present, Error::user_not_verified,  Error::unsupported_attestation,
        Error::unsupported_key, Error::bad_signature,    Error::counter_regressed};
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK_FALSE(error_text(all[i]).empty());
        for (std::size_t j = 0; j < i; ++j)
            CHECK(error_text(all[i]) != error_text(all[j]));
    }
}
