#include <catch2/catch.hpp>

#include <algorithm>
#include <variant>

#include "domain/acr.hpp"

using namespace esc::domain;

namespace {
ClaimsRequest claims(std::string_view json) {
    return std::get<ClaimsRequest>(parse_claims_request(json));
}
} // namespace

TEST_CASE("login methods map to authMode, acr and amr", "[unit]") {
    AcrMapping mapping;
    CHECK(auth_mode_name(AuthMode::password) == "PASSWORD");
    CHECK(auth_mode_name(AuthMode::mobile) == "MOBILE");
    CHECK(auth_mode_name(AuthMode::card) == "CARD");
    CHECK(auth_mode_name(AuthMode::certificate) == "CERTIFICATE");
    for (auto mode : {AuthMode::password, AuthMode::mobile, AuthMode::card, AuthMode::certificate})
        CHECK(parse_auth_mode(auth_mode_name(mode)) == mode);
    CHECK_FALSE(parse_auth_mode("card").has_value());
    CHECK_FALSE(parse_auth_mode("").has_value());
    for (auto method : kLoginMethods)
        CHECK(parse_method(method_name(method)) == method);
    CHECK_FALSE(parse_method("PASSWORD").has_value());

    CHECK(acr_for(LoginMethod::password, mapping) == "eidas1");
    CHECK(acr_for(LoginMethod::mobile, mapping) == "eidas2");
    CHECK(acr_for(LoginMethod::passkey, mapping) == "eidas2");
    CHECK(acr_for(LoginMethod::ocra, mapping) == "eidas2");
    CHECK(acr_for(LoginMethod::card, mapping) == "eidas3");
    CHECK(acr_for(LoginMethod::workstation_certificate, mapping).empty()); // logs nobody in alone

    CHECK(make_auth_context({LoginMethod::password}, 5, mapping).amr == std::vector<std::string>{"pwd"});
    CHECK(make_auth_context({LoginMethod::card}, 5, mapping).amr ==
          std::vector<std::string>{"hwk", "sc", "pin", "mfa"});
    CHECK(make_auth_context({LoginMethod::card}, 5, mapping).auth_mode == "CARD");
    CHECK(make_auth_context({LoginMethod::mobile}, 5, mapping).auth_mode == "MOBILE");
    CHECK(make_auth_context({LoginMethod::passkey}, 5, mapping).auth_mode == "MOBILE");
    CHECK(make_auth_context({LoginMethod::ocra}, 5, mapping).auth_mode == "CARD");
    CHECK(make_auth_context({LoginMethod::ocra}, 5, mapping).acr == "eidas2");
}

TEST_CASE("a password with the professional's workstation certificate is eidas2", "[unit]") {
    AcrMapping mapping;
    auto both = make_auth_context({LoginMethod::password, LoginMethod::workstation_certificate}, 9, mapping);
    CHECK(both.acr == "eidas2");
    CHECK(both.auth_mode == "CERTIFICATE");
    CHECK(both.amr == std::vector<std::string>{"pwd", "swk", "mfa"});
    CHECK(both.methods == std::vector<std::string>{"password", "workstation_certificate"});
    auto alone = make_auth_context({LoginMethod::workstation_certificate}, 9, mapping);
    CHECK(alone.acr.empty());
    CHECK(level_of({LoginMethod::workstation_certificate}, mapping) == 0);
}

TEST_CASE("step-up adds a factor and raises the level, never lowers it", "[unit]") {
    AcrMapping mapping;
    auto pwd = make_auth_context({LoginMethod::password}, 100, mapping);
    auto card = add_method(pwd, LoginMethod::card, 200, mapping);
    CHECK(card.acr == "eidas3");
    CHECK(card.auth_mode == "CARD");
    CHECK(card.auth_time == 200);
    CHECK(card.amr == std::vector<std::string>{"pwd", "hwk", "sc", "pin", "mfa"});
    CHECK(card.methods == std::vector<std::string>{"password", "card"});
    // A weaker method after a card keeps eidas3 and the card's authMode.
    auto then_password =
        add_method(make_auth_context({LoginMethod::card}, 1, mapping), LoginMethod::password, 2, mapping);
    CHECK(then_password.acr == "eidas3");
    CHECK(then_password.auth_mode == "CARD");
    // Adding a method already there changes only the time.
    CHECK(add_method(pwd, LoginMethod::password, 300, mapping).methods == std::vector<std::string>{"password"});
}

TEST_CASE("the login page offers only the methods that reach the required level", "[unit]") {
    AcrMapping mapping;
    const std::vector<LoginMethod> all(std::begin(kLoginMethods), std::end(kLoginMethods));
    CHECK(methods_reaching(1, {}, all, mapping) == std::vector<LoginMethod>{LoginMethod::password, LoginMethod::card,
                                                                            LoginMethod::mobile, LoginMethod::passkey,
                                                                            LoginMethod::ocra});
    CHECK(methods_reaching(3, {}, all, mapping) == std::vector<LoginMethod>{LoginMethod::card});
    // From a password session, the workstation certificate alone is the missing factor for eidas2.
    auto from_password = methods_reaching(2, {LoginMethod::password}, all, mapping);
    CHECK(std::find(from_password.begin(), from_password.end(), LoginMethod::workstation_certificate) !=
          from_password.end());
    CHECK(std::find(from_password.begin(), from_password.end(), LoginMethod::password) == from_password.end());
    // None available: the page says why.
    CHECK(methods_reaching(3, {}, {LoginMethod::password, LoginMethod::mobile}, mapping).empty());
}

TEST_CASE("the acr mapping is configurable", "[unit]") {
    AcrMapping mapping;
    mapping.mobile = "eidas3";
    auto ctx = make_auth_context({LoginMethod::mobile}, 1'700'000'123, mapping);
    CHECK(ctx.acr == "eidas3");
    CHECK(ctx.auth_mode == "MOBILE");
    CHECK(ctx.auth_time == 1'700'000'123);
    CHECK(ctx.amr == std::vector<std::string>{"swk", "pin", "mfa"});
    CHECK(auth_level(ctx) == 3);
    CHECK(auth_level(make_auth_context({LoginMethod::password}, 0, mapping)) == 1);
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
