#include <catch2/catch.hpp>

#include <variant>

#include "domain/acr.hpp"

using namespace esc::domain;

namespace {
ClaimsRequest claims(std::string_view json) {
    return std::get<ClaimsRequest>(parse_claims_request(json));
}
} // namespace

TEST_CASE("authentication modes map to authMode, acr and amr", "[unit]") {
    AcrMapping mapping;
    CHECK(auth_mode_name(AuthMode::password) == "PASSWORD");
    CHECK(auth_mode_name(AuthMode::mobile) == "MOBILE");
    CHECK(auth_mode_name(AuthMode::card) == "CARD");
    CHECK(auth_mode_name(AuthMode::certificate) == "CERTIFICATE");
    for (auto mode : {AuthMode::password, AuthMode::mobile, AuthMode::card, AuthMode::certificate})
        CHECK(parse_auth_mode(auth_mode_name(mode)) == mode);
    CHECK_FALSE(parse_auth_mode("card").has_value());
    CHECK_FALSE(parse_auth_mode("").has_value());

    CHECK(acr_for(AuthMode::password, mapping) == "eidas1");
    CHECK(acr_for(AuthMode::mobile, mapping) == "eidas2");
    CHECK(acr_for(AuthMode::card, mapping) == "eidas3");
    CHECK(acr_for(AuthMode::certificate, mapping) == "eidas3");

    CHECK(amr_for(AuthMode::password) == std::vector<std::string>{"pwd"});
    CHECK(amr_for(AuthMode::mobile) == std::vector<std::string>{"otp", "mfa"});
    CHECK(amr_for(AuthMode::card) == std::vector<std::string>{"hwk", "sc", "pin", "mfa"});
    CHECK(amr_for(AuthMode::certificate) == std::vector<std::string>{"swk"});
}

TEST_CASE("the acr mapping is configurable", "[unit]") {
    AcrMapping mapping{"eidas1", "eidas3", "eidas3"};
    auto ctx = make_auth_context(AuthMode::mobile, 1'700'000'123, mapping);
    CHECK(ctx.acr == "eidas3");
    CHECK(ctx.auth_mode == "MOBILE");
    CHECK(ctx.auth_time == 1'700'000'123);
    CHECK(ctx.amr == std::vector<std::string>{"otp", "mfa"});
    CHECK(auth_level(ctx) == 3);
    CHECK(auth_level(make_auth_context(AuthMode::password, 0, mapping)) == 1);
}

TEST_CASE("acr levels are ordered", "[unit]") {
    CHECK(acr_level("eidas1") < acr_level("eidas2"));
    CHECK(acr_level("eidas2") < acr_level("eidas3"));
    CHECK(acr_level("eidas4") == 0);
    CHECK(acr_level("EIDAS1") == 0);
    CHECK(acr_level("") == 0);
}

TEST_CASE("acr_values requests", "[unit]") {
    ClaimsRequest none;
    auto req = make_acr_request("eidas2 eidas3", none);
    CHECK(req.values == std::vector<std::string>{"eidas2", "eidas3"});
    CHECK_FALSE(req.essential);
    CHECK(required_level(req) == 2);

    CHECK(acr_satisfied("eidas2", req));
    CHECK(acr_satisfied("eidas3", req));
    CHECK_FALSE(acr_satisfied("eidas1", req));
    CHECK(acr_satisfied("eidas1", make_acr_request("", none)));
    // Unknown voluntary values are ignored (the RP still gets an answer).
    auto unknown = make_acr_request("niveau_inconnu", none);
    CHECK(required_level(unknown) == 0);
    CHECK(acr_satisfied("eidas1", unknown));
    CHECK(required_level(make_acr_request("niveau_inconnu eidas3 eidas2", none)) == 2);
}

TEST_CASE("an essential acr claim takes precedence and cannot be ignored", "[unit]") {
    auto c = claims(R"({"id_token": {"acr": {"essential": true, "values": ["eidas3"]}}})");
    auto req = make_acr_request("eidas1", c);
    CHECK(req.essential);
    CHECK(req.values == std::vector<std::string>{"eidas3"});
    CHECK_FALSE(acr_satisfied("eidas2", req));
    CHECK(acr_satisfied("eidas3", req));

    auto unknown = make_acr_request("", claims(R"({"id_token": {"acr": {"essential": true, "value": "loa9"}}})"));
    CHECK_FALSE(acr_satisfied("eidas3", unknown));
}

TEST_CASE("acr to emit: truthful by default, echo and essential pick a requested value", "[unit]") {
    ClaimsRequest none;
    auto eidas1 = make_acr_request("eidas1", none);
    CHECK(acr_to_emit("eidas3", eidas1, false) == "eidas3");
    CHECK(acr_to_emit("eidas3", eidas1, true) == "eidas1"); // PSC per-client echo
    CHECK(acr_to_emit("eidas1", eidas1, true) == "eidas1");

    // Never echo a level above what the session reached.
    auto eidas3 = make_acr_request("eidas3", none);
    CHECK(acr_to_emit("eidas1", eidas3, true) == "eidas1");
    // First satisfied value in the RP's order of preference.
    CHECK(acr_to_emit("eidas2", make_acr_request("eidas3 eidas2 eidas1", none), true) == "eidas2");
    CHECK(acr_to_emit("eidas2", make_acr_request("", none), true) == "eidas2");

    auto essential = make_acr_request("", claims(R"({"id_token": {"acr": {"essential": true,
                                                       "values": ["eidas2", "eidas1"]}}})"));
    CHECK(acr_to_emit("eidas3", essential, false) == "eidas2");
}
