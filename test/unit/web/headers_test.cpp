#include <catch2/catch.hpp>

#include "web/headers.hpp"
#include "web/stylesheet.hpp"

using namespace esc::web;

TEST_CASE("page headers forbid framing, sniffing, referrers, caching and scripts", "[unit][web][headers]") {
    auto response = esc::http::Response::html(200, "<p>x</p>");
    add_page_headers(response);
    CHECK(response.header("Content-Security-Policy") ==
          "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' https: "
          "http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'; base-uri 'none'");
    CHECK(response.header("X-Frame-Options") == "DENY");
    CHECK(response.header("X-Content-Type-Options") == "nosniff");
    CHECK(response.header("Referrer-Policy") == "no-referrer");
    CHECK(response.header("Cache-Control") == "no-store");
    CHECK(response.header("Content-Type") == "text/html; charset=utf-8");
}

TEST_CASE("extra form-action sources are added, unsafe ones skipped", "[unit][web][headers]") {
    auto response = esc::http::Response::html(200, "");
    response.set("Cache-Control", "max-age=60");
    add_page_headers(response, {"http://rp.intranet:8080", "x; script-src *", "'unsafe-inline'", "a,b", ""});
    const auto csp = std::string(response.header("Content-Security-Policy"));
    CHECK(csp.find("http://localhost:* http://rp.intranet:8080; frame-ancestors") != std::string::npos);
    CHECK(csp.find("script-src") == std::string::npos);
    CHECK(csp.find("unsafe") == std::string::npos);
    CHECK(csp.find("a,b") == std::string::npos);
    // Set, not appended: exactly one Cache-Control.
    int count = 0;
    for (const auto& h : response.headers)
        if (esc::http::iequals(h.name, "cache-control")) ++count;
    CHECK(count == 1);
    CHECK(response.header("Cache-Control") == "no-store");
}

TEST_CASE("the stylesheet is embedded without its C++ delimiters and has a stable ETag", "[unit][web][headers]") {
    const auto css = stylesheet();
    CHECK(css.find(":focus-visible") != std::string_view::npos);
    CHECK(css.find("R\"css(") == std::string_view::npos);
    CHECK(css.find(")css\"") == std::string_view::npos);
    const auto etag = stylesheet_etag();
    CHECK(etag.size() == 24);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');
    CHECK(etag == stylesheet_etag());
    CHECK(etag.find(stylesheet_version()) == 1);
}

TEST_CASE("the form_post script is allowed by its hash and nothing else", "[unit][web][headers]") {
    const auto source = form_post_script_source();
    CHECK(source.rfind("'sha256-", 0) == 0);
    CHECK(source.size() == 8 + 44 + 1); // base64 of 32 bytes, padded
    const auto csp = page_csp({}, {source, "'unsafe-inline'", "'sha256-x'; default-src *"});
    CHECK(csp.find("; script-src " + source + "; ") != std::string::npos);
    CHECK(csp.find("unsafe") == std::string::npos);
    CHECK(csp.find("default-src *") == std::string::npos);
}
