// Cross-check against an independent JWS implementation (cpp-jwt, which reads PEM keys): our
// RS256/ES256 tokens must verify there, and its tokens must verify here.
#include <catch2/catch.hpp>

#include <system_error>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" // cpp-jwt uses OpenSSL 1.1 APIs
#include <jwt/jwt.hpp>
#pragma GCC diagnostic pop

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "test_keys.hpp"

using namespace esc::crypto;
using esc::crypto::test::lookup_of;
using esc::crypto::test::public_pem_of;
using esc::crypto::test::shared_key;

namespace {

const std::string kPayload = R"({"aud":"client-1","exp":4102444800,"iss":"https://idp.example","sub":"810012345678"})";

bool cpp_jwt_accepts(const std::string& token, Alg alg, const std::string& public_pem) {
    using namespace jwt::params;
    std::error_code ec;
    auto decoded = jwt::decode(token, algorithms({alg_name(alg)}), ec, secret(public_pem), verify(true));
    return !ec && decoded.payload().get_claim_value<std::string>("sub") == "810012345678";
}

} // namespace

TEST_CASE("cpp-jwt verifies the tokens we sign", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    const auto& key = shared_key(alg);
    std::string public_pem = public_pem_of(key->private_pem());
    REQUIRE_FALSE(public_pem.empty());

    std::string token = sign_jws(*key, kPayload);
    CHECK(cpp_jwt_accepts(token, alg, public_pem));

    std::string tampered = token;
    tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
    CHECK_FALSE(cpp_jwt_accepts(tampered, alg, public_pem));
    std::string other_pem = public_pem_of(generate_private_key(alg)->private_pem());
    CHECK_FALSE(cpp_jwt_accepts(token, alg, other_pem));
}

TEST_CASE("we verify the tokens cpp-jwt signs", "[unit]") {
    Alg alg = GENERATE(Alg::RS256, Alg::ES256);
    const auto& key = shared_key(alg);
    using namespace jwt::params;
    jwt::jwt_object object{algorithm(alg_name(alg)), secret(key->private_pem()),
                           payload({{"sub", "810012345678"}, {"iss", "https://rp.example"}})};
    std::string token = object.signature();

    // Loaded from the PEM cpp-jwt used: the same key, parsed on our side.
    auto loaded = load_private_key(alg, key->private_pem());
    REQUIRE(loaded);
    JwsResult result = verify_jws(token, lookup_of({public_key_of(*loaded)}), {alg});
    REQUIRE(result);
    auto payload = nlohmann::json::parse(result.value->payload_json);
    CHECK(payload["sub"] == "810012345678");
    CHECK(payload["iss"] == "https://rp.example");

    auto other = public_key_of(*generate_private_key(alg));
    auto rejected = verify_jws(token, lookup_of({other}), {alg});
    REQUIRE_FALSE(rejected);
    CHECK(rejected.error == JwsError::bad_signature);
}
