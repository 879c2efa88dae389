// Client declarations: type and auth method coherence, grants, redirect URIs, algorithms.
#include "config_fixture.hpp"
#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"

using namespace esc::config;
using namespace esc::config::test;
using esc::domain::ClientAuthMethod;

namespace {

// kClient with one more line, or with `from` replaced by `to`.
LoadResult client(const TempDir& dir, const std::string& extra, const std::string& from = "",
                  const std::string& to = "") {
    std::string text = from.empty() ? kClient : replaced(kClient, from, to);
    return load(dir, kMinimal + text + extra + "\n");
}

const std::string kSecretLine = kSecretEnvA;
const std::string kRedirectLine = "redirect_uris = [\"https://rp.example/cb\"]\n";

} // namespace

TEST_CASE("a confidential client loads with defaults and a hashed secret", "[unit]") {
    TempDir dir;
    auto r = client(dir, "name = \"Dossier Communicant de Cancérologie\"\nfront_url = \"https://rp.example/\"");
    INFO(describe(r));
    REQUIRE(r.ok());
    REQUIRE(r.config.clients.size() == 1);
    const auto& c = r.config.clients[0];
    CHECK(c.id == "dcc");
    CHECK(c.name == "Dossier Communicant de Cancérologie");
    CHECK(c.auth_method == ClientAuthMethod::client_secret_basic);
    CHECK(c.grant_types == std::vector<std::string>{"authorization_code", "refresh_token"});
    CHECK(c.secret_hash == esc::crypto::sha256_b64url("0123456789abcdef0123456789abcdef"));
    CHECK(c.secret_hash.find("0123456789abcdef") == std::string::npos);
    CHECK_FALSE(c.require_pkce);
    CHECK(c.id_token_signed_response_alg == "RS256");
    CHECK_FALSE(has_warning(r, "secret written in the configuration file")); // from the environment
}

TEST_CASE("public clients use none and always require PKCE", "[unit]") {
    TempDir dir;
    std::string spa = "[clients.spa]\ntype = \"public\"\nrequire_pkce = false\n" + kRedirectLine;
    auto r = load(dir, kMinimal + spa);
    INFO(describe(r));
    REQUIRE(r.ok());
    const auto* c = find_client(r, "spa");
    REQUIRE(c);
    CHECK(c->auth_method == ClientAuthMethod::none);
    CHECK(c->require_pkce);
    CHECK(c->secret_hash.empty());
    CHECK(has_warning(r, "clients.spa.require_pkce: ignored"));

    auto basic = load(dir, kMinimal + spa + "token_endpoint_auth_method = \"client_secret_basic\"\n");
    CHECK(has_error(basic, "clients.spa.token_endpoint_auth_method", "public client cannot keep a secret"));
    auto with_secret = load(dir, kMinimal + spa + kSecretLine);
    CHECK(has_error(with_secret, "clients.spa.secret", "has no credentials"));
    auto cc = load(dir, kMinimal + spa + "grant_types = [\"authorization_code\", \"client_credentials\"]\n");
    CHECK(has_error(cc, "clients.spa.grant_types[1]", "requires a confidential client"));
}

TEST_CASE("type and auth method must be known and coherent", "[unit]") {
    TempDir dir;
    CHECK(has_error(client(dir, "", "type = \"confidential\"", "type = \"secret\""), "clients.dcc.type",
                    "must be confidential or public"));
    CHECK(has_error(client(dir, "token_endpoint_auth_method = \"none\""), "clients.dcc.token_endpoint_auth_method",
                    "confidential client must authenticate"));
    CHECK(has_error(client(dir, "token_endpoint_auth_method = \"tls_client_auth\""),
                    "clients.dcc.token_endpoint_auth_method", "unsupported method"));
    auto post = client(dir, "token_endpoint_auth_method = \"client_secret_post\"");
    REQUIRE(post.ok());
    CHECK(post.config.clients[0].auth_method == ClientAuthMethod::client_secret_post);
}

TEST_CASE("application_type: web by default, native on request, nothing else", "[unit]") {
    TempDir dir;
    auto plain = client(dir, "");
    REQUIRE(plain.ok());
    CHECK_FALSE(plain.config.clients[0].is_native());
    auto native = client(dir, "application_type = \"native\"");
    INFO(describe(native));
    REQUIRE(native.ok());
    CHECK(native.config.clients[0].is_native());
    CHECK(has_error(client(dir, "application_type = \"desktop\""), "clients.dcc.application_type",
                    "must be web or native"));
}

TEST_CASE("shared secrets: exactly one source, long enough", "[unit]") {
    TempDir dir;
    CHECK(has_error(client(dir, "", kSecretLine, ""), "clients.dcc.secret", "required"));
    CHECK(has_error(client(dir, "secret_file = \"X\""), "clients.dcc.secret", "exactly one"));
    auto inline_secret = client(dir, "", kSecretLine, "secret = \"0123456789abcdef0123456789abcdef\"\n");
    CHECK(has_error(inline_secret, "clients.dcc.secret", "secret written in the configuration file"));
    CHECK(has_error(client(dir, "", kSecretLine, "secret = \"\"\n"), "clients.dcc.secret", "must not be empty"));

    auto short_secret = client(dir, "", kSecretLine, "secret = \"too-short\"\n");
    CHECK(has_error(short_secret, "clients.dcc.secret", "shorter than 32 characters"));

    std::string dev = replaced(kMinimal, "dev_mode = false", "dev_mode = true");
    auto dev_short = load(dir, dev + replaced(kClient, kSecretLine, "secret = \"too-short\"\n"));
    INFO(describe(dev_short));
    CHECK(dev_short.ok());
    CHECK(has_warning(dev_short, "clients.dcc.secret: shorter than 32 characters"));
    CHECK(dev_short.config.clients[0].secret_hash == esc::crypto::sha256_b64url("too-short"));
}

TEST_CASE("private_key_jwt needs a JWKS with a usable key", "[unit]") {
    TempDir dir;
    std::string pkjwt = "token_endpoint_auth_method = \"private_key_jwt\"\n";
    auto none = client(dir, pkjwt, kSecretLine, "");
    CHECK(has_error(none, "clients.dcc.jwks", "required for private_key_jwt"));
    auto with_secret = client(dir, pkjwt + "jwks_file = \"k.json\"");
    CHECK(has_error(with_secret, "clients.dcc.secret", "not used with private_key_jwt"));
    auto empty = client(dir, pkjwt + "jwks = '{\"keys\":[]}'", kSecretLine, "");
    CHECK(has_error(empty, "clients.dcc.jwks", "no usable key"));
    auto symmetric = client(dir, pkjwt + "jwks = '{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}'", kSecretLine, "");
    CHECK(has_error(symmetric, "clients.dcc.jwks", "no usable key"));
    auto missing = client(dir, pkjwt + "jwks_file = \"k.json\"", kSecretLine, "");
    CHECK(has_error(missing, "clients.dcc.jwks_file", "not readable: " + (dir.path() / "k.json").string()));
    CHECK(has_error(client(dir, "jwks = '{}'"), "clients.dcc.jwks", "only used with private_key_jwt"));

    // Not the demo JWKS of conf/clients: outside dev_mode a published key is refused.
    auto demo = read_text(repo_root() / "conf/clients/opendrp.jwks.json");
    dir.write("k.json", demo);
    CHECK(
        has_error(client(dir, pkjwt + "jwks_file = \"k.json\"", kSecretLine, ""), "clients.dcc.jwks_file", "demo key"));
    auto jwks = "{\"keys\":[" + esc::crypto::generate_private_key(esc::crypto::Alg::ES256)->public_jwk_json() + "]}";
    dir.write("k.json", jwks);
    auto good = client(dir, pkjwt + "jwks_file = \"k.json\"", kSecretLine, "");
    INFO(describe(good));
    REQUIRE(good.ok());
    CHECK(good.config.clients[0].jwks_json == jwks);
    CHECK(good.config.clients[0].secret_hash.empty());
}

TEST_CASE("redirect URIs: absolute, exact, https unless loopback", "[unit]") {
    TempDir dir;
    auto uri = [&](const std::string& value, const std::string& type = "confidential") {
        std::string text = replaced(kClient, kRedirectLine, "redirect_uris = [\"" + value + "\"]\n");
        if (type == "public") text = replaced(replaced(text, kSecretLine, ""), "\"confidential\"", "\"public\"");
        return load(dir, kMinimal + text);
    };
    const std::string path = "clients.dcc.redirect_uris[0]";
    CHECK(has_error(uri("/callback"), path, "not an absolute URI"));
    CHECK(has_error(uri("https://rp.example/cb#top"), path, "fragment"));
    CHECK(has_error(uri("https://*.rp.example/cb"), path, "wildcards are not allowed"));
    CHECK(has_error(uri("http://rp.example/cb"), path, "must use https"));
    CHECK(has_error(uri("http://localhost:3000/cb"), path, "use http://127.0.0.1 instead of localhost"));
    CHECK(has_error(uri("javascript:alert(1)"), path, "not an absolute URI"));
    CHECK(has_error(uri("fr.example.app:/cb"), path, "must use https"));
    CHECK(has_error(uri("myapp:/cb", "public"), path, "reverse domain name"));
    CHECK(uri("fr.example.app:/cb", "public").ok());
    CHECK(uri("http://127.0.0.1:3000/callback").ok());
    CHECK(uri("http://[::1]/callback", "public").ok());

    CHECK(has_error(client(dir, "", kRedirectLine, "redirect_uris = []\n"), "clients.dcc.redirect_uris",
                    "at least one redirect URI"));
    auto twice =
        client(dir, "", kRedirectLine, "redirect_uris = [\"https://a.example/cb\", \"https://a.example/cb\"]\n");
    CHECK(has_error(twice, "clients.dcc.redirect_uris[1]", "duplicate"));
    auto logout = client(dir, "post_logout_redirect_uris = [\"https://rp.example/\", \"http://rp.example/bye\"]");
    CHECK(has_error(logout, "clients.dcc.post_logout_redirect_uris[1]", "must use https"));
    CHECK(has_error(client(dir, "front_url = \"rp.example\""), "clients.dcc.front_url", "absolute https URL"));
}

TEST_CASE("grant types, scopes and response algorithms", "[unit]") {
    TempDir dir;
    auto grants = client(dir, "grant_types = [\"authorization_code\", \"password\", \"implicit\"]");
    CHECK(has_error(grants, "clients.dcc.grant_types[1]", "unknown grant type \"password\""));
    CHECK(has_error(grants, "clients.dcc.grant_types[2]", "unknown grant type"));
    CHECK(has_error(client(dir, "grant_types = []"), "clients.dcc.grant_types", "at least one"));
    CHECK(client(dir, "grant_types = [\"client_credentials\"]\nredirect_uris = []", kRedirectLine, "").ok());
    CHECK(has_error(client(dir, "scopes = [\"openid\", \"bad scope\"]"), "clients.dcc.scopes[1]", "invalid scope"));

    CHECK(has_error(client(dir, "id_token_signed_response_alg = \"HS256\""), "clients.dcc.id_token_signed_response_alg",
                    "unsupported algorithm"));
    CHECK(has_error(client(dir, "access_token_signed_response_alg = \"\""),
                    "clients.dcc.access_token_signed_response_alg", "unsupported algorithm"));
    CHECK(client(dir, "userinfo_signed_response_alg = \"\"").ok());
    auto not_signed = load(dir, kMinimal + "[tokens]\nsigning_algs = [\"RS256\"]\n" + kClient +
                                    "userinfo_signed_response_alg = \"ES256\"\n");
    CHECK(has_error(not_signed, "clients.dcc.userinfo_signed_response_alg", "ES256 is not in tokens.signing_algs"));
}

TEST_CASE("client keys are checked like any other", "[unit]") {
    TempDir dir;
    auto r = client(dir, "redirect_uri = \"https://rp.example/cb\"\nrequire_pkce = \"yes\"");
    INFO(describe(r));
    CHECK(has_error(r, "clients.dcc.redirect_uri", "did you mean redirect_uris?"));
    CHECK(has_error(r, "clients.dcc.require_pkce", "expected true or false, got string"));
    CHECK(has_error(load(dir, kMinimal + "[clients]\ndcc = 3\n"), "clients.dcc", "expected a table"));
    CHECK(has_error(load(dir, kMinimal + "[clients.\"bad id\"]\n" + kSecretLine + kRedirectLine), "clients.bad id.id",
                    "visible ASCII"));
}
