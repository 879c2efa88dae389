// Every log line is built by LogLine: whatever text a request or an exception carries, the line stays
// one valid JSON object.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "http/access_log.hpp"

using namespace esc::http;

TEST_CASE("event log lines escape every string (exception text included)", "[unit][http]") {
    const std::string what = "bad \"quote\" \\ back\nslash {\"level\":\"forged\"}\r\t\x01 \xC3\xA9 \xFF end";
    auto line = format_event_log("error", "unhandled_exception", {{"route", "tok\"en"}, {"unhandled", what}}, 1234);
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1); // one line, whatever the text holds
    auto json = nlohmann::json::parse(line);
    CHECK(json["ts"] == 1234);
    CHECK(json["level"] == "error");
    CHECK(json["event"] == "unhandled_exception");
    CHECK(json["route"] == "tok\"en");
    CHECK(json["unhandled"] == "bad \"quote\" \\ back\nslash {\"level\":\"forged\"}\r\t\x01 \xC3\xA9 \xEF\xBF\xBD end");
}

TEST_CASE("access log lines keep their fields and escape request text", "[unit][http]") {
    Request r;
    r.method = "GET";
    r.path = "/a\"b\n";
    r.query = "x=1";
    r.remote_addr = "203.0.113.1";
    r.route_name = "portal";
    r.headers = {{"User-Agent", "agent\"\n\x7f"}};
    AccessLogEntry e;
    e.request = &r;
    e.status = 200;
    e.bytes = 12;
    e.duration_ms = 1.5;
    e.log_query = true;
    e.request_id = "abc";
    auto json = nlohmann::json::parse(format_access_log(e, 42));
    CHECK(json["ts"] == 42);
    CHECK(json["path"] == "/a\"b\n");
    CHECK(json["query"] == "x=1");
    CHECK(json["status"] == 200);
    CHECK(json["bytes"] == 12);
    CHECK(json["duration_ms"] == 1.5);
    CHECK(json["user_agent"] == "agent\"\n\x7f");
    e.log_query = false;
    CHECK_FALSE(nlohmann::json::parse(format_access_log(e, 42)).contains("query"));
}
