// The phone authenticator in-process, with a fake clock: enrolment, the signed device calls, login
// and step-up from the login page, CIBA in poll mode, and every refusal. The device side is played
// by a P-256 key of the test (the reference CLI is tested against the real server in integration).
#include <catch2/catch.hpp>

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "support/login_flow.hpp"
#include "support/oidc_fixture.hpp"

using namespace esc;
using esc::test::Browser;
using esc::test::hidden_field;
using esc::test::jwt_payload;
using esc::test::OidcFixture;
using esc::test::query_param;
using Json = nlohmann::json;

namespace {

const std::string kMobile = "[mobile]\nenabled = true\n"
                            "[clients.relay]\nname = \"Relais\"\ntype = \"confidential\"\n"
                            "token_endpoint_auth_method = \"client_secret_basic\"\nsecret = \"" +
                            std::string(OidcFixture::kSecret) +
                            "\"\ngrant_types = [\"urn:openid:params:grant-type:ciba\"]\n"
                            "[clients.msg]\nname = \"Messagerie\"\ntype = \"public\"\n"
                            "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\n"
                            "redirect_uris = [\"https://msg.test/cb\"]\nmin_acr = \"eidas2\"\n";

// The device: its key, and the tokens it signs for each call.
struct Phone {
    std::shared_ptr<crypto::PrivateKey> key = crypto::generate_private_key(crypto::Alg::ES256);
    std::string id;

    std::string token(OidcFixture& f, const std::string& method, const std::string& url, Json extra = Json::object(),
                      domain::UnixTime iat = 0) const {
        Json header{{"alg", "ES256"}, {"typ", "device+jwt"}, {"kid", id}};
        Json payload{
            {"iat", iat ? iat : f.clock.now()}, {"jti", crypto::random_token(16)}, {"htm", method}, {"htu", url}};
        payload.update(extra);
        auto input = crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(payload.dump());
        return input + "." + crypto::base64url_encode(key->sign(input));
    }
    http::Response pending(OidcFixture& f) const {
        return f.send("GET", f.deps->endpoints.device_requests, "",
                      {{"Authorization", "Device " + token(f, "GET", f.deps->endpoints.device_requests)}});
    }
    http::Response decide(OidcFixture& f, const Json& request, const std::string& decision) const {
        auto url = f.deps->endpoints.device_decision;
        return f.send("POST", url, "",
                      {{"Authorization", "Device " + token(f, "POST", url,
                                                           {{"request_id", request["id"]},
                                                            {"decision", decision},
                                                            {"challenge", request["challenge"]}})}});
    }
    // The only pending request.
    Json only_request(OidcFixture& f) const {
        auto r = pending(f);
        REQUIRE(r.status == 200);
        auto list = Json::parse(r.body)["requests"];
        REQUIRE(list.size() == 1);
        return list[0];
    }
};

std::int64_t account_id(OidcFixture& f, const std::string& login = "medecin") {
    return f.store->accounts().find_by_login(login)->id;
}

http::Response enroll(OidcFixture& f, const Phone& phone, const std::string& code) {
    auto jwk = Json::parse(phone.key->public_jwk_json());
    return f.send("POST", f.deps->endpoints.device_enroll,
                  Json{{"code", code}, {"public_key", jwk}, {"name", "Mon téléphone"}}.dump(),
                  {{"Content-Type", "application/json"}});
}

Phone enrolled_phone(OidcFixture& f, const std::string& login = "medecin") {
    f.store->devices().add_activation(crypto::sha256_b64url("CODE-" + login), account_id(f, login), f.clock.now(),
                                      f.clock.now() + 600);
    Phone phone;
    auto r = enroll(f, phone, "CODE-" + login);
    REQUIRE(r.status == 201);
    phone.id = Json::parse(r.body)["device_id"];
    return phone;
}

http::Response post_mobile(OidcFixture& f, Browser& b, const http::Response& page, const std::string& login) {
    std::vector<std::pair<std::string, std::string>> form = {{"csrf", hidden_field(page.body, "csrf")},
                                                             {"interaction", hidden_field(page.body, "interaction")}};
    if (!login.empty()) form.push_back({"login", login});
    return f.post(f.deps->endpoints.login_mobile, form, &b);
}

http::Response check(OidcFixture& f, Browser& b, const http::Response& wait) {
    return f.post(f.deps->endpoints.login_mobile_check,
                  {{"csrf", hidden_field(wait.body, "csrf")},
                   {"interaction", hidden_field(wait.body, "interaction")},
                   {"request", hidden_field(wait.body, "request")},
                   {"binding", hidden_field(wait.body, "binding")}},
                  &b);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

test::Tokens ciba_poll(OidcFixture& f, const std::string& auth_req_id) {
    auto r = f.post(f.deps->endpoints.token,
                    {{"grant_type", "urn:openid:params:grant-type:ciba"}, {"auth_req_id", auth_req_id}}, nullptr,
                    {OidcFixture::basic("relay")});
    return {r.status, Json::parse(r.body, nullptr, false)};
}

http::Response ciba_auth(OidcFixture& f, std::vector<std::pair<std::string, std::string>> form) {
    return f.post(f.deps->endpoints.ciba, form, nullptr, {OidcFixture::basic("relay")});
}

} // namespace

TEST_CASE("a phone enrols once with its activation code and an EC P-256 key", "[unit][portal][mobile]") {
    OidcFixture f(kMobile);
    f.store->devices().add_activation(crypto::sha256_b64url("ABCDEFGHJK"), account_id(f), f.clock.now(),
                                      f.clock.now() + 600);
    Phone phone;
    CHECK(Json::parse(enroll(f, phone, "WRONG").body)["error"] == "invalid_code");
    auto bad_key = f.send("POST", f.deps->endpoints.device_enroll,
                          Json{{"code", "ABCDEFGHJK"}, {"public_key", {{"kty", "RSA"}}}}.dump());
    CHECK(bad_key.status == 400);
    CHECK(Json::parse(bad_key.body)["error"] == "invalid_key");
    CHECK(f.send("POST", f.deps->endpoints.device_enroll, "not json").status == 400);
    auto r = enroll(f, phone, "ABCDEFGHJK");
    REQUIRE(r.status == 201);
    auto body = Json::parse(r.body);
    CHECK(body["login"] == "medecin");
    CHECK(f.store->devices().devices_of(account_id(f)).size() == 1);
    CHECK(Json::parse(enroll(f, Phone{}, "ABCDEFGHJK").body)["error"] == "invalid_code"); // spent
}

TEST_CASE("device calls are signed by the enrolled key, fresh, once, for their URL", "[unit][portal][mobile]") {
    OidcFixture f(kMobile);
    auto phone = enrolled_phone(f);
    const auto url = f.deps->endpoints.device_requests;
    auto call = [&](const std::string& authorization) {
        return f.send("GET", url, "", {{"Authorization", authorization}});
    };
    CHECK(phone.pending(f).status == 200);
    CHECK(call("").status == 401);
    CHECK(call("Device " + phone.token(f, "GET", url + "x")).status == 401);                               // htu
    CHECK(call("Device " + phone.token(f, "POST", url)).status == 401);                                    // htm
    CHECK(call("Device " + phone.token(f, "GET", url, Json::object(), f.clock.now() - 61)).status == 401); // stale
    auto once = "Device " + phone.token(f, "GET", url);
    CHECK(call(once).status == 200);
    CHECK(call(once).status == 401); // replayed jti
    Phone stranger;
    stranger.id = phone.id; // the right kid, another key
    CHECK(call("Device " + stranger.token(f, "GET", url)).status == 401);
    REQUIRE(f.store->devices().revoke_device(phone.id, account_id(f), f.clock.now()));
    CHECK(phone.pending(f).status == 401);
}

TEST_CASE("login by phone: the request waits for the device's approval, then the login goes on at eidas2",
          "[unit][portal][mobile]") {
    OidcFixture f(kMobile);
    auto phone = enrolled_phone(f);
    Browser b;
    auto flow = test::start(f, b, OidcFixture::kConfidential);
    REQUIRE(contains(flow.login_page.body, "Envoyer une demande à mon application"));
    auto wait = post_mobile(f, b, flow.login_page, "medecin");
    REQUIRE(wait.status == 200);
    auto request = phone.only_request(f);
    CHECK(contains(wait.body, "<strong>" + request["binding_code"].get<std::string>() + "</strong>"));
    CHECK(request["service"] == "RP confidentiel");
    CHECK(request["acr"] == "eidas2");

    auto early = check(f, b, wait);
    CHECK(early.status == 200);
    CHECK(contains(early.body, "pas encore été validée"));

    auto wrong = request;
    wrong["challenge"] = "not-the-challenge";
    CHECK(phone.decide(f, wrong, "approve").status == 400);
    auto other = enrolled_phone(f, "pharmacien");
    CHECK(other.decide(f, request, "approve").status == 404); // another account's request
    REQUIRE(phone.decide(f, request, "approve").status == 200);
    CHECK(phone.decide(f, request, "deny").status == 409);

    auto location = test::finish(f, b, check(f, b, early), flow.code);
    flow.code.code = query_param(location, "code");
    auto tokens = f.exchange(flow.code);
    REQUIRE(tokens.status == 200);
    auto id = jwt_payload(tokens.id_token());
    CHECK(id["acr"] == "eidas2");
    CHECK(id["authMode"] == "MOBILE");
    CHECK(id["amr"] == Json{"swk", "pin", "mfa"});
    // The approval is spent.
    CHECK(check(f, b, early).status != 303);
}

TEST_CASE("login by phone: refusals and expiry are said on the login page", "[unit][portal][mobile]") {
    OidcFixture f(kMobile);
    auto phone = enrolled_phone(f);
    SECTION("denied on the phone") {
        Browser b;
        auto flow = test::start(f, b, OidcFixture::kConfidential);
        auto wait = post_mobile(f, b, flow.login_page, "899700000112"); // the national id names them too
        REQUIRE(phone.decide(f, phone.only_request(f), "deny").status == 200);
        auto r = check(f, b, wait);
        CHECK(r.status == 401);
        CHECK(contains(r.body, "refusée depuis votre téléphone"));
        CHECK_FALSE(b.cookies.count(endpoints::kSessionCookie));
    }
    SECTION("expired before approval") {
        Browser b;
        auto flow = test::start(f, b, OidcFixture::kConfidential);
        auto wait = post_mobile(f, b, flow.login_page, "medecin");
        auto request = phone.only_request(f);
        f.clock.advance(121);
        CHECK(phone.decide(f, request, "approve").status == 404);
        auto r = check(f, b, wait);
        CHECK(r.status == 401);
        CHECK(contains(r.body, "a expiré"));
    }
    SECTION("an unknown login waits like any other, and nothing reaches a phone") {
        Browser b;
        auto flow = test::start(f, b, OidcFixture::kConfidential);
        auto wait = post_mobile(f, b, flow.login_page, "personne");
        CHECK(wait.status == 200);
        CHECK(contains(wait.body, "Validez sur votre téléphone"));
        CHECK(Json::parse(phone.pending(f).body)["requests"].empty());
        auto again = check(f, b, wait); // answered as a real request not yet approved
        CHECK(again.status == 200);
        CHECK(contains(again.body, "pas encore été validée"));
        CHECK(hidden_field(again.body, "binding") == hidden_field(wait.body, "binding"));
    }
    SECTION("no more than five prompts in ten minutes") {
        Browser b;
        auto flow = test::start(f, b, OidcFixture::kConfidential);
        for (int i = 0; i < 5; ++i)
            CHECK(post_mobile(f, b, flow.login_page, "medecin").status == 200);
        auto r = post_mobile(f, b, flow.login_page, "medecin");
        CHECK(r.status == 429);
        CHECK(contains(r.body, "Trop de demandes"));
        f.clock.advance(601);
        CHECK(post_mobile(f, b, flow.login_page, "medecin").status == 200);
    }
}

TEST_CASE("a service at eidas2 steps a password session up with the phone", "[unit][portal][mobile][step-up]") {
    OidcFixture f(kMobile);
    auto phone = enrolled_phone(f);
    Browser b;
    auto first = test::start(f, b, OidcFixture::kConfidential);
    auto first_location = test::finish(f, b, test::post_password(f, b, first.login_page, "medecin"), first.code);
    first.code.code = query_param(first_location, "code");
    auto sid = jwt_payload(f.exchange(first.code).id_token())["sid"];

    auto flow = test::start(f, b, "msg");
    REQUIRE(flow.login_page.status == 200);
    CHECK(contains(flow.login_page.body, "Envoyer une demande à mon application"));
    CHECK_FALSE(contains(flow.login_page.body, "name=\"password\""));
    CHECK_FALSE(contains(flow.login_page.body, "id=\"mobile-login\"")); // the session says who
    auto wait = post_mobile(f, b, flow.login_page, "");
    REQUIRE(wait.status == 200);
    REQUIRE(phone.decide(f, phone.only_request(f), "approve").status == 200);
    auto location = test::finish(f, b, check(f, b, wait), flow.code);
    flow.code.code = query_param(location, "code");
    auto id = jwt_payload(f.exchange(flow.code).id_token());
    CHECK(id["acr"] == "eidas2");
    CHECK(id["amr"] == Json{"pwd", "swk", "pin", "mfa"});
    CHECK(id["sid"] == sid);
}

TEST_CASE("CIBA: pending, slow_down, approval, one redemption", "[unit][oidc][ciba]") {
    OidcFixture f(kMobile);
    auto phone = enrolled_phone(f);
    auto started = ciba_auth(f, {{"scope", "openid scope_all"},
                                 {"login_hint", "899700000112"},
                                 {"binding_message", "Dossier 42"},
                                 {"channel", "MOBILE"}});
    REQUIRE(started.status == 200);
    auto body = Json::parse(started.body);
    auto auth_req_id = body["auth_req_id"].get<std::string>();
    CHECK(body["expires_in"] == 120);
    CHECK(body["interval"] == 5);

    auto pending = ciba_poll(f, auth_req_id);
    CHECK(pending.status == 400);
    CHECK(pending.body["error"] == "authorization_pending");
    auto fast = ciba_poll(f, auth_req_id);
    CHECK(fast.body["error"] == "slow_down");
    f.clock.advance(10); // the interval grew to 10 s
    CHECK(ciba_poll(f, auth_req_id).body["error"] == "authorization_pending");

    auto request = phone.only_request(f);
    CHECK(request["binding_code"] == "Dossier 42");
    CHECK(request["service"] == "Relais — Dossier 42");
    REQUIRE(phone.decide(f, request, "approve").status == 200);
    f.clock.advance(10);
    auto tokens = ciba_poll(f, auth_req_id);
    REQUIRE(tokens.status == 200);
    CHECK(tokens.refresh_token().empty());
    auto id = jwt_payload(tokens.id_token());
    CHECK(id["sub"] == "899700000112");
    CHECK(id["acr"] == "eidas2");
    CHECK(id["authMode"] == "MOBILE");
    CHECK(ciba_poll(f, auth_req_id).body["error"] == "invalid_grant"); // once
    CHECK(f.token(OidcFixture::kConfidential,
                  {{"grant_type", "urn:openid:params:grant-type:ciba"}, {"auth_req_id", auth_req_id}})
              .status == 400); // another client: not its request
}

TEST_CASE("CIBA: denial, expiry and bad requests", "[unit][oidc][ciba]") {
    OidcFixture f(kMobile);
    auto phone = enrolled_phone(f);
    auto start = [&](std::vector<std::pair<std::string, std::string>> extra = {}) {
        std::vector<std::pair<std::string, std::string>> form = {{"scope", "openid"}, {"login_hint", "99700000112"}};
        form.insert(form.end(), extra.begin(), extra.end());
        return ciba_auth(f, form);
    };
    SECTION("denied") {
        auto id = Json::parse(start().body)["auth_req_id"].get<std::string>();
        REQUIRE(phone.decide(f, phone.only_request(f), "deny").status == 200);
        auto r = ciba_poll(f, id);
        CHECK(r.status == 400);
        CHECK(r.body["error"] == "access_denied");
    }
    SECTION("expired, also with a shorter requested_expiry") {
        auto short_lived = Json::parse(start({{"requested_expiry", "30"}}).body);
        CHECK(short_lived["expires_in"] == 30);
        f.clock.advance(31);
        CHECK(ciba_poll(f, short_lived["auth_req_id"]).body["error"] == "expired_token");
    }
    SECTION("refused at the start") {
        auto error_of = [](const http::Response& r) { return Json::parse(r.body).value("error", ""); };
        CHECK(error_of(ciba_auth(f, {{"scope", "openid"}, {"login_hint", "899700009999"}})) == "unknown_user_id");
        CHECK(error_of(start({{"channel", "CARD"}})) == "invalid_request");
        CHECK(error_of(start({{"binding_message", std::string(65, 'x')}})) == "invalid_binding_message");
        CHECK(error_of(ciba_auth(f, {{"scope", "profile"}, {"login_hint", "899700000112"}})) == "invalid_scope");
        CHECK(error_of(ciba_auth(f, {{"scope", "openid"}, {"login_hint", "899700000252"}})) ==
              "access_denied"); // no phone
        CHECK(error_of(f.post(f.deps->endpoints.ciba, {{"scope", "openid"}, {"login_hint", "899700000112"}}, nullptr,
                              {OidcFixture::basic()})) == "unauthorized_client");
        CHECK(f.post(f.deps->endpoints.ciba, {{"scope", "openid"}}).status == 401); // no client authentication
    }
}

TEST_CASE("without [mobile], nothing of it exists", "[unit][portal][mobile]") {
    OidcFixture f;
    CHECK(f.send("POST", f.deps->endpoints.device_enroll, "{}").status == 404);
    CHECK(f.post(f.deps->endpoints.ciba, {{"scope", "openid"}}, nullptr, {OidcFixture::basic()}).status == 404);
    auto discovery = Json::parse(f.get("/auth/realms/esculape/.well-known/openid-configuration").body);
    CHECK_FALSE(discovery.contains("backchannel_authentication_endpoint"));
    OidcFixture on(kMobile);
    auto advertised = Json::parse(on.get("/auth/realms/esculape/.well-known/openid-configuration").body);
    CHECK(advertised["backchannel_authentication_endpoint"] == on.deps->endpoints.ciba);
    CHECK(advertised["backchannel_token_delivery_modes_supported"] == Json{"poll"});
}
