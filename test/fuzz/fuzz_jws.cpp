// libFuzzer target: arbitrary bytes as a compact JWS and as a JWKS document. Neither may crash,
// throw or leak, and no input may verify: the ring's keys are generated at start-up, so no
// corpus can hold a genuine signature. Build: clang++ -fsanitize=fuzzer,address, link esc_crypto.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/jws.hpp"
#include "crypto/key_ring.hpp"

namespace {

using namespace esc::crypto;

struct Fixture {
    KeyRing ring;
    KeyLookup lookup;

    Fixture() {
        auto rsa = generate_private_key(Alg::RS256);
        auto ec = generate_private_key(Alg::ES256);
        ring.replace({{rsa, public_key_of(*rsa), true}, {ec, public_key_of(*ec), true}});
        lookup = ring.lookup();
    }
};

const Fixture& fixture() {
    static const Fixture instance;
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const Fixture& f = fixture();

    JwsResult result = verify_jws(input, f.lookup, {Alg::RS256, Alg::ES256});
    if (result) __builtin_trap(); // a forged token was accepted

    // Keys imported from hostile JWKS must be safe to use: verify junk with each of them.
    for (const auto& key : public_keys_from_jwks(input)) {
        if (key->verify(input, input)) __builtin_trap();
        JwsResult with_imported =
            verify_jws(input, [&key](const std::string&, Alg) { return std::vector<std::shared_ptr<PublicKey>>{key}; },
                       {key->alg()});
        if (with_imported) __builtin_trap();
    }
    return 0;
}
