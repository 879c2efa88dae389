// Per-client token options: algorithms following tokens.default_alg, refresh reuse grace,
// offline access, assertion audience and introspection rights.
#include "config_fixture.hpp"

using namespace esc::config;
using namespace esc::config::test;

namespace {

LoadResult with(const TempDir& dir, const std::string& tokens, const std::string& client_lines) {
    return load(dir, kMinimal + (tokens.empty() ? "" : "[tokens]\n" + tokens + "\n") + kClient + client_lines + "\n");
}

} // namespace

TEST_CASE("a client without its own algorithm follows tokens.default_alg", "[unit]") {
    TempDir dir;
    auto es = with(dir, "default_alg = \"ES256\"", "");
    INFO(describe(es));
    REQUIRE(es.ok());
    CHECK(es.config.clients[0].id_token_signed_response_alg == "ES256");
    CHECK(es.config.clients[0].access_token_signed_response_alg == "ES256");
    CHECK(es.config.clients[0].userinfo_signed_response_alg.empty()); // JSON stays the default

    auto own = with(dir, "default_alg = \"ES256\"", "id_token_signed_response_alg = \"RS256\"");
    REQUIRE(own.ok());
    CHECK(own.config.clients[0].id_token_signed_response_alg == "RS256");
    CHECK(own.config.clients[0].access_token_signed_response_alg == "ES256");

    auto rs = with(dir, "", "");
    REQUIRE(rs.ok());
    CHECK(rs.config.clients[0].access_token_signed_response_alg == "RS256");
}

TEST_CASE("refresh reuse grace: global default, per client, never for public clients", "[unit]") {
    TempDir dir;
    auto def = with(dir, "", "");
    REQUIRE(def.ok());
    CHECK(def.config.tokens.refresh_reuse_grace_seconds == 5);
    CHECK(def.config.clients[0].refresh_reuse_grace == 5);
    auto global = with(dir, "refresh_reuse_grace = 2", "");
    REQUIRE(global.ok());
    CHECK(global.config.clients[0].refresh_reuse_grace == 2);
    auto own = with(dir, "refresh_reuse_grace = 2", "refresh_reuse_grace = 0");
    REQUIRE(own.ok());
    CHECK(own.config.clients[0].refresh_reuse_grace == 0);
    CHECK(has_error(with(dir, "refresh_reuse_grace = 600", ""), "tokens.refresh_reuse_grace", ""));
    CHECK(has_error(with(dir, "", "refresh_reuse_grace = -1"), "clients.dcc.refresh_reuse_grace", ""));

    std::string spa = "[clients.spa]\ntype = \"public\"\nredirect_uris = [\"https://spa.example/cb\"]\n";
    auto pub = load(dir, kMinimal + spa);
    REQUIRE(pub.ok());
    CHECK(find_client(pub, "spa")->refresh_reuse_grace == 0);
    CHECK(has_error(load(dir, kMinimal + spa + "refresh_reuse_grace = 3\n"), "clients.spa.refresh_reuse_grace",
                    "public client"));
}

TEST_CASE("offline access, assertion audience and introspection flags", "[unit]") {
    TempDir dir;
    auto r = with(dir, "", "allow_offline_access = true\nresource_server = true");
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.config.clients[0].allow_offline_access);
    CHECK(r.config.clients[0].resource_server);
    CHECK_FALSE(r.config.clients[0].allow_token_endpoint_audience);
    CHECK(has_error(with(dir, "", "allow_token_endpoint_audience = true"), "clients.dcc.allow_token_endpoint_audience",
                    "private_key_jwt"));
    std::string spa = "[clients.spa]\ntype = \"public\"\nredirect_uris = [\"https://spa.example/cb\"]\n";
    CHECK(has_error(load(dir, kMinimal + spa + "resource_server = true\n"), "clients.spa.resource_server",
                    "public client"));
}
