#include "config/demo_credentials.hpp"

#include <algorithm>
#include <array>

namespace esc::config::detail {

namespace {
// Hashes, not the secrets: the list says which values are known without repeating them.
constexpr std::array<std::string_view, 2> kDemoSecretHashes = {
    "iO6emZyUmJjYw8yxbUnCiLeBDdAEFoRIZafDv686QRI", // clients/dcc.toml
    "Ter8bzHB7L7kIo8oQ6BdjaHC92agAVszA0JmTVLvGac", // clients/messagerie.toml
};
constexpr std::array<std::string_view, 1> kDemoKeyThumbprints = {
    "SVrYti_u_vBNIh96LE7Y9St7tvHkxfYV1anxET3kdDQ", // clients/opendrp.jwks.json (opendrp.demo-key.pem)
};
} // namespace

bool is_demo_secret_hash(std::string_view hash) {
    return std::find(kDemoSecretHashes.begin(), kDemoSecretHashes.end(), hash) != kDemoSecretHashes.end();
}

bool is_demo_key_thumbprint(std::string_view thumbprint) {
    return std::find(kDemoKeyThumbprints.begin(), kDemoKeyThumbprints.end(), thumbprint) != kDemoKeyThumbprints.end();
}

} // namespace esc::config::detail
