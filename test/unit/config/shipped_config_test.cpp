#include <algorithm>
// The files shipped in conf/ must load: a developer runs them as they are.
#include "config_fixture.hpp"
#include "crypto/jws.hpp"

using namespace esc::config;
using namespace esc::config::test;
using esc::domain::ClientAuthMethod;

namespace {

fs::path conf_dir() {
    return repo_root() / "conf";
}

} // namespace

TEST_CASE("shipped conf/idp.toml loads; only missing dev certificates may fail", "[unit]") {
    auto r = load_config((conf_dir() / "idp.toml").string());
    INFO(describe(r));
    // certs/dev/ is generated, not committed: in a fresh clone only the TLS files may be missing.
    for (const auto& e : r.errors) {
        CHECK((e.path == "tls.cert_file" || e.path == "tls.key_file"));
        CHECK(e.message.find("not readable") != std::string::npos);
    }
    bool certs_present =
        fs::exists(repo_root() / "certs/dev/server.crt") && fs::exists(repo_root() / "certs/dev/server.key");
    CHECK(r.ok() == certs_present);
    CHECK(r.config.clients.size() == 4);
}

TEST_CASE("shipped configuration, with TLS files provided, has no error and the expected values", "[unit]") {
    TempDir dir;
    std::string crt = dir.write("server.crt", "cert");
    std::string key = dir.write("server.key", "key");
    std::string text = read_text(conf_dir() / "idp.toml");
    text = replaced(text, "cert_file = \"../certs/dev/server.crt\"", "cert_file = \"" + crt + "\"");
    text = replaced(text, "key_file = \"../certs/dev/server.key\"", "key_file = \"" + key + "\"");
    auto r = load_config_from_string(text, conf_dir().string(), (conf_dir() / "clients").string());
    INFO(describe(r));
    REQUIRE(r.ok());
    const Config& c = r.config;
    CHECK(c.issuer == "https://localhost:8443/auth/realms/esculape");
    CHECK(c.issuer_path() == "/auth/realms/esculape");
    CHECK(c.storage.path == (repo_root() / "var/esculape.db").string());
    CHECK(c.templates_dir == (repo_root() / "idp/web/templates").string());
    CHECK(c.server.listen_address == "127.0.0.1"); // a development instance stays on loopback
    CHECK(c.keys.encryption_key_file == (repo_root() / "var/keys/esculape.kek").string());
    CHECK(c.keys.hmac_secret_file == (repo_root() / "var/keys/esculape.hmac").string());
    CHECK(c.server.port == 8443);
    CHECK(c.tokens.access_token_seconds == 120);
    CHECK(c.tokens.refresh_token_seconds == 1800);
    CHECK(c.session.absolute_seconds == 14400);
    CHECK(c.acr.card == "eidas3");
    CHECK(has_warning(r, "dev_mode = true"));

    const auto* dcc = find_client(r, "dcc");
    REQUIRE(dcc);
    CHECK(dcc->auth_method == ClientAuthMethod::client_secret_basic);
    CHECK(dcc->secret_hash.size() == 43);
    const auto* opendrp = find_client(r, "opendrp");
    REQUIRE(opendrp);
    CHECK(opendrp->auth_method == ClientAuthMethod::private_key_jwt);
    CHECK(opendrp->jwks_json.find("\"keys\"") != std::string::npos);
    const auto* messagerie = find_client(r, "messagerie");
    REQUIRE(messagerie);
    CHECK(messagerie->auth_method == ClientAuthMethod::client_secret_post);
    const auto* spa = find_client(r, "demo-spa");
    REQUIRE(spa);
    CHECK(spa->is_public());
    CHECK(spa->auth_method == ClientAuthMethod::none);
    CHECK(spa->require_pkce);
    for (const auto& client : c.clients) {
        INFO(client.id);
        CHECK(!client.redirect_uris.empty());
        const auto& uris = client.post_logout_redirect_uris;
        CHECK(std::find(uris.begin(), uris.end(), "https://localhost:8443/") != uris.end());
    }
}

TEST_CASE("the OpenDRP demo private key matches its published JWKS", "[unit]") {
    using namespace esc::crypto;
    auto key = load_private_key(Alg::ES256, read_text(conf_dir() / "clients/opendrp.demo-key.pem"));
    REQUIRE(key);
    auto published = public_keys_from_jwks(read_text(conf_dir() / "clients/opendrp.jwks.json"));
    REQUIRE(published.size() == 1);
    CHECK(published[0]->kid() == key->kid()); // RFC 7638 thumbprint
    std::string jws = sign_jws(*key, R"({"iss":"opendrp","sub":"opendrp"})");
    auto lookup = [&](const std::string& kid, Alg) {
        std::vector<std::shared_ptr<PublicKey>> out;
        for (const auto& k : published)
            if (k->kid() == kid) out.push_back(k);
        return out;
    };
    CHECK(verify_jws(jws, lookup, {Alg::ES256}));
}

TEST_CASE("outside dev_mode every shipped demo credential is refused", "[unit]") {
    // The same files in production: the inline secrets, the demo secrets given through a file
    // and the demo JWKS must each be an error naming the client.
    TempDir dir;
    std::string text = read_text(conf_dir() / "idp.toml");
    text = replaced(text, "dev_mode = true", "dev_mode = false");
    text = replaced(text, "[tls]\nenabled = true", "[tls]\nenabled = false");
    text = replaced(text, "encryption_key_file = \"../var/keys/esculape.kek\"",
                    "encryption_key_file = \"" + dir.write("kek", "x") + "\"");
    text = replaced(text, "hmac_secret_file = \"../var/keys/esculape.hmac\"",
                    "hmac_secret_file = \"" + dir.write("hmac", "x") + "\"");
    auto r = load_config_from_string(text, conf_dir().string(), (conf_dir() / "clients").string());
    INFO(describe(r));
    CHECK(has_error(r, "clients.dcc.secret", "secret written in the configuration file"));
    CHECK(has_error(r, "clients.dcc.secret", "demo secret"));
    CHECK(has_error(r, "clients.messagerie.secret", "demo secret"));
    CHECK(has_error(r, "clients.opendrp.jwks_file", "demo key"));

    // A demo secret moved to a secret_file is still the demo secret.
    std::string dcc = read_text(conf_dir() / "clients/dcc.toml");
    auto at = dcc.find("secret = \"");
    REQUIRE(at != std::string::npos);
    auto end = dcc.find('"', at + 10);
    std::string secret = dcc.substr(at + 10, end - at - 10);
    std::string moved = replaced(dcc, "secret = \"" + secret + "\"", "secret_file = \"dcc.secret\"");
    dir.write("clients/dcc.secret", secret + "\n");
    dir.write("clients/dcc.toml", moved);
    auto only = load_config_from_string(kMinimal, dir.str(), (dir.path() / "clients").string());
    INFO(describe(only));
    CHECK(has_error(only, "clients.dcc.secret_file", "demo secret"));
}
