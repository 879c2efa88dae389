#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "crypto/key_ring.hpp"
#include "test_keys.hpp"

using namespace esc::crypto;
using esc::crypto::test::shared_key;
using nlohmann::json;

namespace {

KeyRing::Entry entry(std::shared_ptr<PrivateKey> key, bool active) {
    auto pub = public_key_of(*key);
    return {std::move(key), std::move(pub), active};
}

std::vector<std::string> jwks_kids(const KeyRing& ring) {
    std::vector<std::string> kids;
    json jwks = json::parse(ring.jwks_json());
    for (const auto& jwk : jwks["keys"])
        kids.push_back(jwk["kid"]);
    return kids;
}

std::vector<std::string> kids_of(const std::vector<std::shared_ptr<PublicKey>>& keys) {
    std::vector<std::string> kids;
    for (const auto& key : keys)
        kids.push_back(key->kid());
    return kids;
}

} // namespace

TEST_CASE("an empty key ring has no signer and an empty JWKS", "[unit]") {
    KeyRing ring;
    CHECK_FALSE(ring.signer(Alg::RS256));
    CHECK(ring.verifiers("", Alg::RS256).empty());
    CHECK(json::parse(ring.jwks_json()) == json{{"keys", json::array()}});
}

TEST_CASE("the key ring signs with the newest active key and verifies with all", "[unit]") {
    auto rsa_old = shared_key(Alg::RS256);
    auto ec = shared_key(Alg::ES256);
    auto rsa_new = generate_private_key(Alg::RS256);
    auto rsa_retired = generate_private_key(Alg::RS256);
    KeyRing ring;
    ring.replace({entry(rsa_old, true), entry(ec, true), entry(rsa_new, true), entry(rsa_retired, false)});

    REQUIRE(ring.signer(Alg::RS256));
    CHECK(ring.signer(Alg::RS256)->kid() == rsa_new->kid());
    CHECK(ring.signer(Alg::ES256)->kid() == ec->kid());
    CHECK(kids_of(ring.verifiers("", Alg::RS256)) ==
          std::vector<std::string>{rsa_old->kid(), rsa_new->kid(), rsa_retired->kid()});
    CHECK(kids_of(ring.verifiers(rsa_retired->kid(), Alg::RS256)) == std::vector<std::string>{rsa_retired->kid()});
    CHECK(ring.verifiers(ec->kid(), Alg::RS256).empty());
    CHECK(ring.verifiers("nope", Alg::ES256).empty());

    CHECK(jwks_kids(ring) == std::vector<std::string>{rsa_old->kid(), ec->kid(), rsa_new->kid(), rsa_retired->kid()});
    auto first = json::parse(ring.jwks_json())["keys"][0];
    CHECK(first == json::parse(rsa_old->public_jwk_json()));
    CHECK(public_keys_from_jwks(ring.jwks_json()).size() == 4);

    // A retired key still verifies the tokens it signed.
    CHECK(verify_jws(sign_jws(*rsa_retired, "{}"), ring.lookup(), {Alg::RS256}));
    CHECK(verify_jws(sign_jws(*ring.signer(Alg::ES256), "{}"), ring.lookup(), {Alg::ES256}));
}

TEST_CASE("the key ring fills a missing public key and has no signer without an active key", "[unit]") {
    KeyRing ring;
    ring.replace({KeyRing::Entry{shared_key(Alg::ES256), nullptr, false}});
    CHECK_FALSE(ring.signer(Alg::ES256));
    REQUIRE(ring.verifiers("", Alg::ES256).size() == 1);
    CHECK(verify_jws(sign_jws(*shared_key(Alg::ES256), "{}"), ring.lookup(), {Alg::ES256}));
}

TEST_CASE("a lookup taken from the ring sees later rotations", "[unit]") {
    KeyRing ring;
    auto first = generate_private_key(Alg::ES256);
    auto second = generate_private_key(Alg::ES256);
    ring.replace({entry(first, true)});
    KeyLookup lookup = ring.lookup();
    std::string old_token = sign_jws(*first, "{}");
    ring.replace({entry(second, true)});
    CHECK(ring.signer(Alg::ES256)->kid() == second->kid());
    CHECK(verify_jws(sign_jws(*second, "{}"), lookup, {Alg::ES256}));
    auto result = verify_jws(old_token, lookup, {Alg::ES256});
    REQUIRE_FALSE(result);
    CHECK(result.error == JwsError::unknown_key);
    CHECK(jwks_kids(ring) == std::vector<std::string>{second->kid()});
}

TEST_CASE("the key ring can be read while it is replaced", "[unit]") {
    KeyRing ring;
    auto a = shared_key(Alg::ES256);
    auto b = generate_private_key(Alg::ES256);
    // Both keys stay published while the active one flips: every read must see a whole ring.
    ring.replace({entry(a, true), entry(b, false)});
    std::atomic<bool> stop{false};
    std::atomic<int> reads{0};
    std::atomic<int> failures{0};
    std::thread reader([&] {
        while (!stop || reads < 50) {
            auto signer = ring.signer(Alg::ES256);
            if (!signer || !verify_jws(sign_jws(*signer, "{}"), ring.lookup(), {Alg::ES256})) ++failures;
            if (json::parse(ring.jwks_json())["keys"].size() != 2) ++failures;
            ++reads;
        }
    });
    for (int i = 0; i < 200; ++i)
        ring.replace({entry(a, i % 2 == 0), entry(b, i % 2 == 1)});
    stop = true;
    reader.join();
    CHECK(failures == 0);
}
