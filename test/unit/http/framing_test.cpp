#include <catch2/catch.hpp>

#include "http/framing.hpp"

using namespace esc::http;

TEST_CASE("framing: Host (RFC 9112 §3.2)", "[unit][http]") {
    FramingHeaders h;
    h.host = {"idp.example"};
    CHECK(check_framing(h).status == 0);
    h.host = {};
    CHECK(check_framing(h).status == 400);
    h.version = 10;
    CHECK(check_framing(h).status == 0); // HTTP/1.0 may omit it
    h.host = {"a.example", "b.example"};
    CHECK(check_framing(h).status == 400); // two, in any version
    h.version = 11;
    h.host = {"evil.example/path"};
    CHECK(check_framing(h).status == 400);
    h.host = {"[::1]:8443"};
    CHECK(check_framing(h).status == 0);
}

TEST_CASE("framing: only chunked is decoded (RFC 9112 §6.1, §6.3)", "[unit][http]") {
    FramingHeaders h;
    h.host = {"idp.example"};
    h.transfer_encoding = {"chunked"};
    CHECK(check_framing(h).status == 0);
    h.transfer_encoding = {"Chunked "};
    CHECK(check_framing(h).status == 0);
    for (auto te : {"gzip", "gzip, chunked", "chunked, chunked", "identity", ","}) {
        INFO(te);
        h.transfer_encoding = {te};
        CHECK(check_framing(h).status == 501);
    }
    h.transfer_encoding = {"chunked", "chunked"};
    CHECK(check_framing(h).status == 501);
    h.transfer_encoding = {"chunked"};
    h.has_content_length = true;
    CHECK(check_framing(h).status == 400);
    h.has_content_length = false;
    h.version = 10;
    CHECK(check_framing(h).status == 400);
}

TEST_CASE("framing: Expect (RFC 9110 §10.1.1)", "[unit][http]") {
    FramingHeaders h;
    h.host = {"idp.example"};
    h.expect = {"100-continue"};
    h.has_body = true;
    auto v = check_framing(h);
    CHECK(v.status == 0);
    CHECK(v.send_continue);
    h.has_body = false;
    CHECK_FALSE(check_framing(h).send_continue);
    h.expect = {"100-Continue"};
    CHECK(check_framing(h).status == 0);
    h.expect = {"something-else"};
    CHECK(check_framing(h).status == 417);
    h.version = 10; // ignored in HTTP/1.0
    CHECK(check_framing(h).status == 0);
}
