#include <catch2/catch.hpp>

#include <string>

#include "crypto/encoding.hpp"
#include "domain/pkce.hpp"

using namespace esc::domain;

namespace {
// RFC 7636 Appendix B.
const std::string kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const std::string kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

Client client_with(ClientType type, bool require_pkce, bool allow_plain) {
    Client c;
    c.id = "rp";
    c.type = type;
    c.require_pkce = require_pkce;
    c.allow_plain_pkce = allow_plain;
    return c;
}
} // namespace

TEST_CASE("PKCE verifier and challenge syntax (RFC 7636 §4.1, §4.2)", "[unit]") {
    CHECK(is_valid_code_verifier(kVerifier));
    CHECK(is_valid_code_challenge(kChallenge));
    CHECK(is_valid_code_verifier(std::string(43, 'a')));
    CHECK(is_valid_code_verifier(std::string(128, '~')));
    CHECK_FALSE(is_valid_code_verifier(std::string(42, 'a')));
    CHECK_FALSE(is_valid_code_verifier(std::string(129, 'a')));
    CHECK(is_valid_code_verifier("AZaz09-._~" + std::string(33, 'x')));
    for (char bad : {'+', '/', '=', ' ', '%', '!', '\0', '\xc3'}) {
        std::string s(43, 'a');
        s[20] = bad;
        INFO("character code " << static_cast<int>(static_cast<unsigned char>(bad)));
        CHECK_FALSE(is_valid_code_verifier(s));
        CHECK_FALSE(is_valid_code_challenge(s));
    }
    CHECK_FALSE(is_valid_code_challenge(""));
}

TEST_CASE("PKCE method parsing", "[unit]") {
    CHECK(parse_pkce_method("S256") == PkceMethod::s256);
    CHECK(parse_pkce_method("plain") == PkceMethod::plain);
    CHECK(parse_pkce_method("") == PkceMethod::plain); // RFC 7636 §4.3 default
    CHECK_FALSE(parse_pkce_method("s256").has_value());
    CHECK_FALSE(parse_pkce_method("SHA256").has_value());
    CHECK_FALSE(parse_pkce_method("PLAIN").has_value());
}

TEST_CASE("PKCE at the authorization endpoint", "[unit]") {
    auto confidential = client_with(ClientType::confidential, false, false);
    auto strict = client_with(ClientType::confidential, true, false);
    auto pub = client_with(ClientType::public_, false, false);
    auto legacy = client_with(ClientType::confidential, false, true);

    SECTION("absent PKCE: only for confidential clients that do not require it") {
        CHECK_FALSE(check_pkce_request(confidential, "", "").has_value());
        auto e = check_pkce_request(strict, "", "");
        REQUIRE(e);
        CHECK(e->code == "invalid_request");
        CHECK(e->redirectable);
        CHECK(check_pkce_request(pub, "", "").has_value());
    }
    SECTION("method without challenge is refused") {
        CHECK(check_pkce_request(confidential, "", "S256").has_value());
    }
    SECTION("S256 accepted for everyone") {
        for (const auto* c : {&confidential, &strict, &pub, &legacy})
            CHECK_FALSE(check_pkce_request(*c, kChallenge, "S256").has_value());
    }
    SECTION("plain, explicit or implied, needs the client's opt-in") {
        CHECK(check_pkce_request(confidential, kChallenge, "plain").has_value());
        CHECK(check_pkce_request(confidential, kChallenge, "").has_value());
        CHECK(check_pkce_request(pub, kChallenge, "").has_value());
        CHECK_FALSE(check_pkce_request(legacy, kChallenge, "plain").has_value());
        CHECK_FALSE(check_pkce_request(legacy, kChallenge, "").has_value());
    }
    SECTION("malformed challenge or unknown method") {
        CHECK(check_pkce_request(confidential, "short", "S256")->code == "invalid_request");
        CHECK(check_pkce_request(confidential, kChallenge + "=", "S256").has_value());
        CHECK(check_pkce_request(confidential, kChallenge, "S512").has_value());
    }
}

TEST_CASE("PKCE verification at the token endpoint (RFC 7636 §4.6)", "[unit]") {
    const std::string hash = esc::crypto::sha256_b64url(kVerifier);
    REQUIRE(hash == kChallenge); // Appendix B: BASE64URL(SHA256(verifier)) == challenge

    CHECK(verify_pkce(kChallenge, "S256", kVerifier, hash));
    std::string other = kVerifier;
    other[0] = 'e';
    CHECK_FALSE(verify_pkce(kChallenge, "S256", other, esc::crypto::sha256_b64url(other)));
    // The hash argument is what is compared: a verifier paired with someone else's hash fails.
    CHECK_FALSE(verify_pkce(kChallenge, "S256", kVerifier, esc::crypto::sha256_b64url(other)));
    // Sending the challenge itself as verifier does not pass S256.
    CHECK_FALSE(verify_pkce(kChallenge, "S256", kChallenge, esc::crypto::sha256_b64url(kChallenge)));

    SECTION("plain compares the verifier itself") {
        CHECK(verify_pkce(kVerifier, "plain", kVerifier, hash));
        CHECK(verify_pkce(kVerifier, "", kVerifier, hash));
        CHECK_FALSE(verify_pkce(kVerifier, "plain", other, esc::crypto::sha256_b64url(other)));
    }
    SECTION("missing or malformed verifier") {
        CHECK_FALSE(verify_pkce(kChallenge, "S256", "", esc::crypto::sha256_b64url("")));
        std::string short_verifier = "abc";
        CHECK_FALSE(verify_pkce(short_verifier, "plain", short_verifier, ""));
    }
    SECTION("no challenge stored: no verifier allowed (downgrade, RFC 9700 §2.1.1)") {
        CHECK(verify_pkce("", "", "", ""));
        CHECK_FALSE(verify_pkce("", "", kVerifier, hash));
    }
    SECTION("unknown stored method fails closed") {
        CHECK_FALSE(verify_pkce(kChallenge, "S512", kVerifier, hash));
    }
}
