#include <catch2/catch.hpp>

#include <variant>

#include "domain/claims_request.hpp"

using namespace esc::domain;

namespace {
ClaimsRequest parse_ok(std::string_view text) {
    auto r = parse_claims_request(text);
    if (auto* e = std::get_if<OAuthError>(&r)) FAIL("unexpected error: " << e->description);
    return std::get<ClaimsRequest>(r);
}
bool is_error(std::string_view text) {
    auto r = parse_claims_request(text);
    auto* e = std::get_if<OAuthError>(&r);
    return e && e->code == "invalid_request";
}
} // namespace

TEST_CASE("claims parameter absent", "[unit]") {
    CHECK(parse_ok("").empty());
    CHECK(parse_ok("{}").empty());
}

TEST_CASE("claims parameter from OIDC Core §5.5", "[unit]") {
    auto req = parse_ok(R"({
        "userinfo": {"given_name": {"essential": true}, "nickname": null,
                     "email": {"essential": true}, "SubjectRefPro": null},
        "id_token": {"auth_time": {"essential": true},
                     "acr": {"values": ["eidas2", "eidas3"]},
                     "SubjectNameID": null},
        "x-extension": 42
    })");
    CHECK(req.userinfo_names() == std::vector<std::string>{"SubjectRefPro", "email", "given_name", "nickname"});
    CHECK(req.id_token_names() == std::vector<std::string>{"SubjectNameID", "acr", "auth_time"});
    CHECK(req.userinfo.at("given_name").essential);
    CHECK_FALSE(req.userinfo.at("nickname").essential);
    CHECK(req.id_token.at("auth_time").essential);
    CHECK(req.id_token_string_values("acr") == std::vector<std::string>{"eidas2", "eidas3"});
    CHECK_FALSE(req.id_token_essential("acr"));
    CHECK(req.id_token_string_values("nothing").empty());
}

TEST_CASE("claims parameter: value and essential acr", "[unit]") {
    auto req = parse_ok(R"({"id_token": {"acr": {"essential": true, "value": "eidas3"}},
                            "userinfo": {"sub": {"value": "810001234567"}}})");
    CHECK(req.id_token_essential("acr"));
    CHECK(req.id_token_string_values("acr") == std::vector<std::string>{"eidas3"});
    REQUIRE(req.userinfo.at("sub").value.has_value());
    CHECK(*req.userinfo.at("sub").value == "810001234567");
}

TEST_CASE("claims parameter: null members are accepted as absent", "[unit]") {
    CHECK(parse_ok(R"({"userinfo": null, "id_token": {"acr": null}})").id_token_names() ==
          std::vector<std::string>{"acr"});
}

TEST_CASE("malformed claims parameter is invalid_request", "[unit]") {
    CHECK(is_error("not json"));
    CHECK(is_error("{\"userinfo\": "));
    CHECK(is_error("[]"));
    CHECK(is_error("null"));
    CHECK(is_error("\"userinfo\""));
    CHECK(is_error(R"({"userinfo": []})"));
    CHECK(is_error(R"({"id_token": "acr"})"));
    CHECK(is_error(R"({"id_token": {"acr": true}})"));
    CHECK(is_error(R"({"id_token": {"acr": "eidas1"}})"));
    CHECK(is_error(R"({"id_token": {"auth_time": {"essential": "yes"}}})"));
    CHECK(is_error(R"({"id_token": {"acr": {"values": "eidas1"}}})"));
    CHECK(is_error(R"({"id_token": {"acr": {"values": [1, 2]}}})"));
    CHECK(is_error(R"({"id_token": {"acr": {"value": 3}}})"));
    CHECK(is_error("{\"userinfo\": {\"a\": null}}" + std::string(kMaxClaimsRequestBytes, ' ')));
    auto r = parse_claims_request("{oops}");
    REQUIRE(std::holds_alternative<OAuthError>(r));
    CHECK(std::get<OAuthError>(r).redirectable);
}
