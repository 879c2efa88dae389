#include <catch2/catch.hpp>

#include <ctime>
#include <string>

#include "domain/scope.hpp"

using namespace esc::domain;

TEST_CASE("scope parsing (RFC 6749 §3.3)", "[unit]") {
    CHECK(parse_scope("openid scope_all") == Scopes{"openid", "scope_all"});
    CHECK(parse_scope("  openid   scope_all ") == Scopes{"openid", "scope_all"});
    CHECK(parse_scope("openid openid profile") == Scopes{"openid", "profile"});
    CHECK(parse_scope("") == Scopes{});
    CHECK(parse_scope("   ") == Scopes{});
    CHECK(parse_scope("urn:x-esc:custom/!#$[]") == Scopes{"urn:x-esc:custom/!#$[]"});

    CHECK_FALSE(parse_scope("openid \"profile\"").has_value());
    CHECK_FALSE(parse_scope("openid\\profile").has_value());
    CHECK_FALSE(parse_scope("openid\tprofile").has_value());
    CHECK_FALSE(parse_scope("openid\nprofile").has_value());
    CHECK_FALSE(parse_scope("openid profil\xc3\xa9").has_value());
    CHECK_FALSE(parse_scope(std::string_view("openid\0x", 8)).has_value());
}

TEST_CASE("supported scopes include the PSC names", "[unit]") {
    for (const char* s : {"openid", "profile", "email", "offline_access", "scope_all", "identity", "interop",
                          "referentiel", "rpps", "eidas1"})
        CHECK(is_supported_scope(s));
    CHECK_FALSE(is_supported_scope("admin"));
    // No claims behind them: ignored like unknown scopes, never advertised.
    CHECK_FALSE(is_supported_scope("address"));
    CHECK_FALSE(is_supported_scope("phone"));
    CHECK_FALSE(is_supported_scope("OPENID"));

    for (const char* s : {"scope_all", "identity", "rpps", "referentiel", "interop"})
        CHECK(is_psc_scope(s));
    for (const char* s : {"openid", "profile", "email", "eidas1", "offline_access"})
        CHECK_FALSE(is_psc_scope(s));
    CHECK(has_psc_scope({"openid", "rpps"}));
    CHECK_FALSE(has_psc_scope({"openid", "profile"}));
}

TEST_CASE("unknown scopes are ignored, client restrictions applied", "[unit]") {
    auto requested = *parse_scope("openid scope_all unknown profile admin");
    CHECK(filter_supported(requested) == Scopes{"openid", "scope_all", "profile"});

    Client open;
    CHECK(grantable_scopes(requested, open) == Scopes{"openid", "scope_all", "profile"});

    Client restricted;
    restricted.scopes = {"openid", "profile", "admin"};
    // "admin" is allowed by the client but unknown to the server: still not granted.
    CHECK(grantable_scopes(requested, restricted) == Scopes{"openid", "profile"});
    CHECK(restrict_to_client({"openid", "scope_all"}, restricted) == Scopes{"openid"});
}

TEST_CASE("scope helpers", "[unit]") {
    CHECK(join_scopes({"openid", "scope_all"}) == "openid scope_all");
    CHECK(join_scopes({}).empty());
    CHECK(join_scopes(*parse_scope(" openid  profile ")) == "openid profile");
    CHECK(has_scope({"openid", "profile"}, "profile"));
    CHECK_FALSE(has_scope({"openid", "profile"}, "prof"));
    CHECK(is_subset({"openid"}, {"openid", "profile"}));
    CHECK(is_subset({}, {"openid"}));
    CHECK_FALSE(is_subset({"openid", "email"}, {"openid", "profile"}));
}

TEST_CASE("scope parsing is linear: 50,000 distinct tokens in well under a second", "[unit]") {
    // Dropping duplicates by a linear search per token cost 1.25e9 comparisons here (seconds).
    std::string text;
    for (int i = 0; i < 50000; ++i)
        text += "scope_" + std::to_string(i) + " ";
    text += "scope_7";
    const std::clock_t started = std::clock(); // CPU time: not inflated by a loaded machine
    auto scopes = parse_scope(text);
    const double ms = 1000.0 * static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
    REQUIRE(scopes.has_value());
    CHECK(scopes->size() == 50000); // the repeated scope_7 dropped
    CHECK(scopes->back() == "scope_49999");
    INFO("took " << ms << " ms of CPU");
    CHECK(ms < 250);
}

TEST_CASE("discovery advertises only scopes with something behind them", "[unit]") {
    auto without = advertised_scopes(false);
    for (const char* s : {"openid", "profile", "email", "scope_all", "identity", "interop", "referentiel", "rpps"})
        CHECK(has_scope(without, s));
    for (const char* s : {"address", "phone", "eidas1", "offline_access"})
        CHECK_FALSE(has_scope(without, s));
    CHECK(has_scope(advertised_scopes(true), "offline_access"));
}

TEST_CASE("offline_access is granted only to a client allowed it (OIDC Core §11)", "[unit]") {
    auto requested = *parse_scope("openid scope_all offline_access");
    Client plain;
    CHECK(grantable_scopes(requested, plain) == Scopes{"openid", "scope_all"});
    Client restricted;
    restricted.scopes = {"openid", "offline_access"};
    CHECK(grantable_scopes(requested, restricted) == Scopes{"openid"});
    restricted.allow_offline_access = true;
    CHECK(grantable_scopes(requested, restricted) == Scopes{"openid", "offline_access"});
    CHECK(client_obtainable_scopes(restricted) == Scopes{"openid", "offline_access"});
    CHECK(has_scope(client_obtainable_scopes(plain), "profile"));
    CHECK_FALSE(has_scope(client_obtainable_scopes(plain), "offline_access"));
}
