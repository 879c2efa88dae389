// The claims parameter's userinfo member (OIDC Core §5.5) adds individually requested claims to
// what the scopes release, within what the client could obtain.
#include <catch2/catch.hpp>

#include "domain/psc_claims.hpp"

using namespace esc::domain;

namespace {

Account account() {
    Account a;
    a.id = 7;
    a.login = "medecin";
    a.national_id = "810001234567";
    a.email = "medecin@example.fr";
    a.email_verified = true;
    return a;
}

UserInfoOptions options(Scopes granted, std::vector<std::string> requested, Scopes obtainable) {
    UserInfoOptions o;
    o.subject = "810001234567";
    o.scopes = std::move(granted);
    o.auth_mode = "PASSWORD";
    o.requested_claims = std::move(requested);
    o.obtainable_scopes = std::move(obtainable);
    return o;
}

} // namespace

TEST_CASE("userinfo adds the claims requested individually", "[unit]") {
    Client client; // no restriction: every supported scope obtainable
    auto info = build_userinfo(
        nullptr, account(),
        options({"openid"}, {"given_name", "SubjectRefPro", "email", "unknown"}, client_obtainable_scopes(client)));
    CHECK(info.at("sub") == "810001234567");
    CHECK(info.contains("given_name"));
    CHECK(info.contains("SubjectRefPro"));
    CHECK(info.at("email") == "medecin@example.fr");
    CHECK_FALSE(info.contains("unknown"));
    CHECK_FALSE(info.contains("family_name")); // one claim of a group, not the group
    CHECK_FALSE(info.contains("otherIds"));
}

TEST_CASE("a claims request never releases what the client could not obtain", "[unit]") {
    Client client;
    client.scopes = {"openid", "profile"};
    auto info =
        build_userinfo(nullptr, account(),
                       options({"openid"}, {"given_name", "email", "SubjectRefPro"}, client_obtainable_scopes(client)));
    CHECK(info.contains("given_name"));
    CHECK_FALSE(info.contains("email"));
    CHECK_FALSE(info.contains("SubjectRefPro"));
    // Without a request, the scopes alone decide, as before.
    auto plain = build_userinfo(nullptr, account(), options({"openid", "email"}, {}, {}));
    CHECK(plain.contains("email"));
    CHECK_FALSE(plain.contains("given_name"));
}
