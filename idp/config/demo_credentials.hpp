#pragma once
#include <string_view>

// The credentials shipped with the demo clients (conf/clients/): published with the source, so
// anyone can authenticate with them. Outside dev_mode a client using one is refused.
// test/unit/config/shipped_config_test.cpp checks that every shipped demo credential is listed.
namespace esc::config::detail {

// `hash`: base64url SHA-256 of the secret, as Client::secret_hash.
bool is_demo_secret_hash(std::string_view hash);
// `thumbprint`: RFC 7638 thumbprint of a public key (crypto::jwks_thumbprints).
bool is_demo_key_thumbprint(std::string_view thumbprint);

} // namespace esc::config::detail
