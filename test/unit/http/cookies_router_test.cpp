#include <catch2/catch.hpp>

#include "http/cookies.hpp"
#include "http/forwarded.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

using namespace esc::http;

TEST_CASE("cookie_value finds a cookie among others", "[unit][http]") {
    CHECK(cookie_value("a=1; __Host-esc_session=abc; b=2", "__Host-esc_session") == "abc");
    CHECK(cookie_value("a=1;b=\"quoted\"", "b") == "quoted");
    CHECK(cookie_value("xa=1", "a").empty());
    CHECK(cookie_value("", "a").empty());
}

TEST_CASE("set_cookie builds a __Host- compatible cookie", "[unit][http]") {
    CookieOptions o;
    o.max_age = 60;
    auto c = set_cookie("__Host-esc_session", "v", o);
    CHECK(c == "__Host-esc_session=v; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax");
    CHECK(c.find("Domain") == std::string::npos);
}

TEST_CASE("router matches path and method, answers 404 and 405 with Allow", "[unit][http]") {
    Router r;
    r.add({"page", {"GET"}, "/login", [](Request&) { return Response::text(200, "page"); }});
    r.add({"submit", {"POST"}, "/login", [](Request&) { return Response::text(200, "post"); }, Pool::password});
    CHECK(r.find("/login", "GET")->name == "page");
    CHECK(r.find("/login", "HEAD")->name == "page");
    CHECK(r.find("/login", "POST")->pool == Pool::password);
    CHECK(r.find("/login", "PUT") == nullptr);
    CHECK(r.has_path("/login"));
    CHECK_FALSE(r.has_path("/nope"));
    auto res = r.method_not_allowed("/login");
    CHECK(res.status == 405);
    CHECK(res.header("Allow") == "GET, POST");
    CHECK(Router::not_found().status == 404);
    CHECK_THROWS(r.add({"dup", {"GET"}, "/login", [](Request&) { return Response{}; }}));
}

namespace {
const std::string kSecret = "proxy-secret-0123456789abcdef-0123456789";
}

TEST_CASE("forwarded headers are honoured only from trusted proxies", "[unit][http]") {
    Request req;
    req.headers = {{"X-Forwarded-For", "203.0.113.9, 10.0.0.2"},
                   {"X-Forwarded-Proto", "https"},
                   {"X-Forwarded-Host", "idp.example"},
                   {"X-Client-Cert", "-----BEGIN%20CERTIFICATE-----"},
                   {"X-Client-Verify", "SUCCESS"}};
    SECTION("untrusted peer: headers removed") {
        CHECK(apply_forwarded_headers(req, "198.51.100.1", {{"10.0.0.1"}, kSecret}) == ForwardedCertificate::none);
        CHECK(req.remote_addr == "198.51.100.1");
        CHECK_FALSE(req.secure);
        CHECK(req.header("X-Forwarded-For").empty());
        CHECK_FALSE(req.client_cert.has_value());
    }
    SECTION("trusted proxy: right-most address, proto, host; a certificate that does not parse is dropped") {
        req.headers.push_back({"x-proxy-secret", kSecret});
        CHECK(apply_forwarded_headers(req, "10.0.0.1", {{"10.0.0.1"}, kSecret}) == ForwardedCertificate::accepted);
        CHECK(req.header("X-Proxy-Secret").empty()); // never reaches a handler
        CHECK(req.remote_addr == "10.0.0.2");
        CHECK(req.secure);
        CHECK(req.host == "idp.example");
        CHECK_FALSE(req.client_cert.has_value());
    }
}

TEST_CASE("metrics render Prometheus counters and a cumulative histogram", "[unit][http]") {
    Metrics m;
    m.observe_request("token", 200, 0.002);
    m.observe_request("token", 200, 0.2);
    m.observe_request("token", 400, 0.0001);
    m.count_token("client_credentials");
    m.count_login("failure");
    auto text = m.render();
    CHECK(text.find("esculape_http_requests_total{route=\"token\",status=\"200\"} 2") != std::string::npos);
    CHECK(text.find("esculape_http_requests_total{route=\"token\",status=\"400\"} 1") != std::string::npos);
    CHECK(text.find("esculape_http_request_duration_seconds_bucket{route=\"token\",le=\"0.0005\"} 1") !=
          std::string::npos);
    CHECK(text.find("esculape_http_request_duration_seconds_bucket{route=\"token\",le=\"+Inf\"} 3") !=
          std::string::npos);
    CHECK(text.find("esculape_tokens_issued_total{grant=\"client_credentials\"} 1") != std::string::npos);
    CHECK(text.find("esculape_logins_total{result=\"failure\"} 1") != std::string::npos);
}

#include <nlohmann/json.hpp>

#include "http/access_log.hpp"

TEST_CASE("access log lines are valid JSON, without the query of sensitive routes", "[unit][http]") {
    Request req;
    req.method = "GET";
    req.path = "/auth";
    req.query = "code=secret";
    req.route_name = "authorize";
    req.remote_addr = "127.0.0.1";
    req.headers = {{"User-Agent", std::string("curl \"x\"\n\xff\xc3\xa9")}};
    AccessLogEntry e{&req, 303, 12, 1.5, false, "abcd"};
    auto line = format_access_log(e, 1700000000000);
    REQUIRE(line.back() == '\n');
    auto j = nlohmann::json::parse(line);
    CHECK(j["status"] == 303);
    CHECK(j["route"] == "authorize");
    CHECK_FALSE(j.contains("query"));
    CHECK(line.find("secret") == std::string::npos);
    CHECK(j["user_agent"] == "curl \"x\"\n\xef\xbf\xbd\xc3\xa9");
    e.log_query = true;
    CHECK(nlohmann::json::parse(format_access_log(e, 1))["query"] == "code=secret");
}

TEST_CASE("a forwarded client certificate needs the proxy secret", "[unit][http]") {
    Request req;
    req.headers = {{"X-Forwarded-For", "203.0.113.9"},
                   {"X-Client-Cert", "-----BEGIN%20CERTIFICATE-----"},
                   {"X-Client-Verify", "SUCCESS"}};
    ForwardingPolicy policy{{"10.0.0.1"}, kSecret, "X-Proxy-Secret"};
    SECTION("no secret header: certificate ignored, addresses still honoured") {
        CHECK(apply_forwarded_headers(req, "10.0.0.1", policy) == ForwardedCertificate::refused);
        CHECK(req.remote_addr == "203.0.113.9");
        CHECK(req.header("X-Client-Cert").empty());
        CHECK_FALSE(req.client_cert.has_value());
    }
    SECTION("wrong secret, or a prefix of it: ignored") {
        for (std::string wrong : {kSecret + "x", kSecret.substr(0, 10), std::string("")}) {
            Request r = req;
            r.headers.push_back({"X-Proxy-Secret", wrong});
            CHECK(apply_forwarded_headers(r, "10.0.0.1", policy) == ForwardedCertificate::refused);
            CHECK(r.header("X-Client-Cert").empty());
        }
    }
    SECTION("no secret configured: never believed, even with a header") {
        req.headers.push_back({"X-Proxy-Secret", ""});
        CHECK(apply_forwarded_headers(req, "10.0.0.1", {{"10.0.0.1"}, "", "X-Proxy-Secret"}) ==
              ForwardedCertificate::refused);
    }
    SECTION("right secret: believed") {
        req.headers.push_back({"X-Proxy-Secret", kSecret});
        CHECK(apply_forwarded_headers(req, "10.0.0.1", policy) == ForwardedCertificate::accepted);
    }
}

TEST_CASE("a route's guard runs before its handler and may refuse", "[unit][http]") {
    esc::http::Router router;
    int handled = 0;
    esc::http::Route route{.name = "admin_thing", .methods = {"GET"}, .path = "/admin/thing"};
    route.handler = [&handled](esc::http::Request&) {
        ++handled;
        return esc::http::Response::text(200, "ok");
    };
    route.guard = [](esc::http::Request& r) -> std::optional<esc::http::Response> {
        if (r.header("X-Role") == "admin") return std::nullopt;
        return esc::http::Response::text(403, "forbidden");
    };
    router.add(std::move(route));
    const auto* found = router.find("/admin/thing", "GET");
    REQUIRE(found);
    esc::http::Request anonymous;
    CHECK(found->handler(anonymous).status == 403);
    CHECK(handled == 0);
    esc::http::Request admin;
    admin.headers.emplace_back("X-Role", "admin");
    CHECK(found->handler(admin).status == 200);
    CHECK(handled == 1);
}

TEST_CASE("failures outside handlers go through the router's error writer", "[unit][http]") {
    esc::http::Router router;
    esc::http::Request request;
    auto plain = router.write_error(request, nullptr, 413, "payload_too_large");
    CHECK(plain.status == 413);
    CHECK(plain.body == R"({"error":"payload_too_large"})");
    router.set_error_writer([](const esc::http::Request&, const esc::http::Route* route, int status,
                               std::string_view code, std::string_view) {
        return esc::http::Response::text(status, std::string(code) + (route ? " on route" : " without route"));
    });
    CHECK(router.write_error(request, nullptr, 400, "bad_request").body == "bad_request without route");
}
