#include <cstdlib>

#include <openssl/crypto.h>

#include "config/client_loader.hpp"
#include "config/demo_credentials.hpp"
#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"

namespace esc::config::detail {

namespace {

using domain::ClientAuthMethod;

// Shared secrets are compared as hashes, so they must carry enough entropy on their own
// (RFC 6749 §10.10); 32 characters of a random base64 string is about 192 bits.
constexpr std::size_t kMinSecretLength = 32;

struct Sources {
    std::string value; // secret or jwks document
    std::string env;   // secret_env
    std::string file;  // secret_file / jwks_file
    bool has_value = false;
    bool has_env = false;
    bool has_file = false;
    int count() const { return int(has_value) + int(has_env) + int(has_file); }
};

std::string trim_trailing(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    return s;
}

void wipe(std::string& s) {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

// The clear secret from its one source, or "" after reporting why it could not be obtained.
std::string obtain_secret(TableReader& r, const Sources& src, const std::string& base_dir) {
    auto& diag = r.diag();
    if (src.has_value) return src.value;
    if (src.has_env) {
        const char* value = std::getenv(src.env.c_str());
        if (src.env.empty() || value == nullptr || *value == '\0') {
            diag.error(r.path_of("secret_env"), "environment variable " + src.env + " is not set or empty");
            return {};
        }
        return value;
    }
    std::string path = resolve_path(base_dir, src.file);
    auto content = read_file(path);
    if (!content) {
        diag.error(r.path_of("secret_file"), "not readable: " + path);
        return {};
    }
    std::string secret = trim_trailing(std::move(*content));
    if (secret.empty()) diag.error(r.path_of("secret_file"), "file is empty: " + path);
    return secret;
}

void read_shared_secret(TableReader& r, domain::Client& client, const Sources& src, const std::string& base_dir,
                        bool dev_mode) {
    auto& diag = r.diag();
    if (src.count() != 1) {
        diag.error(r.path_of("secret"), src.count() == 0 ? "required: give one of secret, secret_env or secret_file"
                                                         : "give exactly one of secret, secret_env or secret_file");
        return;
    }
    std::string secret = obtain_secret(r, src, base_dir);
    if (secret.empty()) {
        if (src.has_value) diag.error(r.path_of("secret"), "must not be empty");
        return;
    }
    if (secret.size() < kMinSecretLength) {
        std::string text = "shorter than " + std::to_string(kMinSecretLength) +
                           " characters; generate one with `openssl rand -base64 32`";
        if (dev_mode)
            diag.warn(r.path_of("secret") + ": " + text + " (accepted because dev_mode = true)");
        else
            diag.error(r.path_of("secret"), text);
    }
    // Outside dev_mode a secret in the file would be copied with every backup and review of the
    // configuration; and the demo secrets are published with the source.
    if (src.has_value && !dev_mode)
        diag.error(r.path_of("secret"), "secret written in the configuration file: outside dev_mode give it with "
                                        "secret_env or secret_file (mode 0600)");
    client.secret_hash = crypto::sha256_b64url(secret);
    wipe(secret);
    std::string key = src.has_value ? "secret" : src.has_env ? "secret_env" : "secret_file";
    if (!dev_mode && is_demo_secret_hash(client.secret_hash))
        diag.error(r.path_of(key), "this is a demo secret published in conf/clients/: anyone can use it; generate "
                                   "the client's own with `openssl rand -base64 32`");
}

void read_jwks(TableReader& r, domain::Client& client, const Sources& src, const std::string& base_dir, bool dev_mode) {
    auto& diag = r.diag();
    if (src.count() != 1) {
        diag.error(r.path_of("jwks"), src.count() == 0 ? "required for private_key_jwt: give jwks or jwks_file"
                                                       : "give exactly one of jwks or jwks_file");
        return;
    }
    std::string key_path = r.path_of(src.has_file ? "jwks_file" : "jwks");
    std::string document = src.value;
    if (src.has_file) {
        std::string path = resolve_path(base_dir, src.file);
        auto content = read_file(path);
        if (!content) {
            diag.error(key_path, "not readable: " + path);
            return;
        }
        document = std::move(*content);
    }
    if (crypto::public_keys_from_jwks(document).empty()) {
        diag.error(key_path, "no usable key: expected a JWKS {\"keys\":[...]} with an RSA or EC P-256 signing key");
        return;
    }
    if (!dev_mode)
        for (const auto& thumbprint : crypto::jwks_thumbprints(document))
            if (is_demo_key_thumbprint(thumbprint)) {
                diag.error(key_path, "holds the demo key " + thumbprint +
                                         " whose private key is published "
                                         "(conf/clients/opendrp.demo-key.pem): register the relying party's own JWKS");
                return;
            }
    client.jwks_json = std::move(document);
}

} // namespace

void read_client_credentials(TableReader& r, domain::Client& client, const std::string& base_dir, bool dev_mode) {
    Sources secret;
    secret.has_value = r.read("secret", secret.value);
    secret.has_env = r.read("secret_env", secret.env);
    secret.has_file = r.read("secret_file", secret.file);
    Sources jwks;
    jwks.has_value = r.read("jwks", jwks.value);
    jwks.has_file = r.read("jwks_file", jwks.file);

    auto& diag = r.diag();
    switch (client.auth_method) {
    case ClientAuthMethod::client_secret_basic:
    case ClientAuthMethod::client_secret_post:
        if (jwks.count() > 0)
            diag.error(r.path_of(jwks.has_value ? "jwks" : "jwks_file"), "only used with private_key_jwt");
        read_shared_secret(r, client, secret, base_dir, dev_mode);
        break;
    case ClientAuthMethod::private_key_jwt:
        if (secret.count() > 0)
            diag.error(r.path_of("secret"), "not used with private_key_jwt: the client signs assertions with its key");
        read_jwks(r, client, jwks, base_dir, dev_mode);
        break;
    case ClientAuthMethod::none:
        if (secret.count() + jwks.count() > 0)
            diag.error(r.path_of(secret.count() > 0 ? "secret" : "jwks"),
                       "a client with token_endpoint_auth_method = none has no credentials");
        break;
    }
    wipe(secret.value);
}

} // namespace esc::config::detail
