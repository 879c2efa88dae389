#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>

#include "domain/oauth_error.hpp"

using namespace esc::domain;

namespace {
struct Expected {
    const char* factory;
    std::function<OAuthError(std::string)> make;
    const char* code;
    int status;
    bool redirectable;
};
} // namespace

TEST_CASE("every OAuth error factory", "[unit]") {
    namespace e = oauth_errors;
    const Expected expected[] = {
        {"invalid_request", e::invalid_request, "invalid_request", 400, true},
        {"invalid_client", e::invalid_client, "invalid_client", 401, true},
        {"invalid_grant", e::invalid_grant, "invalid_grant", 400, true},
        {"unauthorized_client", e::unauthorized_client, "unauthorized_client", 400, true},
        {"unsupported_grant_type", e::unsupported_grant_type, "unsupported_grant_type", 400, true},
        {"invalid_scope", e::invalid_scope, "invalid_scope", 400, true},
        {"access_denied", e::access_denied, "access_denied", 403, true},
        {"unsupported_response_type", e::unsupported_response_type, "unsupported_response_type", 400, true},
        {"temporarily_unavailable", e::temporarily_unavailable, "temporarily_unavailable", 503, true},
        {"login_required", e::login_required, "login_required", 400, true},
        {"interaction_required", e::interaction_required, "interaction_required", 400, true},
        {"consent_required", e::consent_required, "consent_required", 400, true},
        {"invalid_request_uri", e::invalid_request_uri, "invalid_request_uri", 400, true},
        {"request_not_supported", e::request_not_supported, "request_not_supported", 400, true},
        {"request_uri_not_supported", e::request_uri_not_supported, "request_uri_not_supported", 400, true},
        {"registration_not_supported", e::registration_not_supported, "registration_not_supported", 400, true},
        {"invalid_token", e::invalid_token, "invalid_token", 401, true},
        {"insufficient_scope", e::insufficient_scope, "insufficient_scope", 403, true},
        {"unsupported_token_type", e::unsupported_token_type, "unsupported_token_type", 400, true},
        {"invalid_redirect_uri", e::invalid_redirect_uri, "invalid_request", 400, false},
        {"unknown_client", e::unknown_client, "invalid_client", 400, false},
    };
    for (const auto& x : expected) {
        INFO(x.factory);
        auto err = x.make("described");
        CHECK(err.code == x.code);
        CHECK(err.status == x.status);
        CHECK(err.redirectable == x.redirectable);
        CHECK(err.description == "described");
        CHECK(err.detail.empty());
    }
}

TEST_CASE("server_error keeps its detail out of the public description", "[unit]") {
    auto err = oauth_errors::server_error("sqlite: database is locked");
    CHECK(err.code == "server_error");
    CHECK(err.status == 500);
    CHECK(err.redirectable);
    CHECK(err.detail == "sqlite: database is locked");
    CHECK(err.description.find("sqlite") == std::string::npos);
    CHECK_FALSE(err.description.empty());
}

TEST_CASE("with_detail adds a log-only detail", "[unit]") {
    auto err = oauth_errors::invalid_grant("code expired").with_detail("code hash abc, expired 12 s ago");
    CHECK(err.description == "code expired");
    CHECK(err.detail == "code hash abc, expired 12 s ago");
}

TEST_CASE("the error table: every code once, with its wire name, status and French explanation", "[unit]") {
    std::set<std::string_view> wires;
    std::size_t index = 0;
    for (const auto& row : error_codes()) {
        INFO(row.wire);
        CHECK(static_cast<std::size_t>(row.code) == index++);
        CHECK(wires.insert(row.wire).second); // one row per wire name
        CHECK(&info(row.code) == &row);
        CHECK(error_code_from_wire(row.wire) == row.code);
        CHECK((row.status == 400 || row.status == 401 || row.status == 403 || row.status == 500 || row.status == 503));
        CHECK(row.explanation.size() > 20);
        CHECK(error_explanation(row.wire) == row.explanation);
        auto made = make_error(row.code, "d");
        CHECK(made.id == row.code);
        CHECK(made.code == row.wire);
        CHECK(made.status == row.status);
        CHECK(made.redirectable == row.redirectable);
    }
    CHECK(index == static_cast<std::size_t>(ErrorCode::invalid_binding_message) + 1);
    CHECK_FALSE(error_code_from_wire("no_such_code"));
    CHECK(error_explanation("no_such_code") == "La demande n’a pas pu aboutir.");
}
