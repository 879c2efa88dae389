#include <catch2/catch.hpp>

#include <ctime>

#include "http/form.hpp"

using namespace esc::http;

TEST_CASE("url_decode handles plus, escapes and rejects broken escapes", "[unit][http]") {
    CHECK(url_decode("a+b%20c%2B").value() == "a b c+");
    CHECK(url_decode("%41%62").value() == "Ab");
    CHECK_FALSE(url_decode("%4").has_value());
    CHECK_FALSE(url_decode("%").has_value());
    CHECK_FALSE(url_decode("%zz").has_value());
    CHECK(url_decode("").value().empty());
}

TEST_CASE("url_encode keeps only unreserved characters", "[unit][http]") {
    CHECK(url_encode("a b/c?d=é~._-") == "a%20b%2Fc%3Fd%3D%C3%A9~._-");
}

TEST_CASE("parse_form reads pairs, empty values and skips empty pairs", "[unit][http]") {
    auto f = parse_form("a=1&&b=&c&d=x%3Dy").value();
    REQUIRE(f.all().size() == 4);
    CHECK(f.get("a") == "1");
    CHECK(f.has("b"));
    CHECK(f.get("b").empty());
    CHECK(f.has("c"));
    CHECK(f.get("d") == "x=y");
    CHECK(f.get("missing").empty());
    CHECK_FALSE(f.has("missing"));
    CHECK_FALSE(parse_form("a=%G0").has_value());
}

TEST_CASE("first_duplicate finds a repeated OAuth parameter", "[unit][http]") {
    CHECK(parse_form("a=1&b=2").value().first_duplicate().empty());
    auto f = parse_form("client_id=x&scope=a&client_id=y").value();
    CHECK(f.first_duplicate() == "client_id");
    CHECK(f.count("client_id") == 2);
    CHECK(f.get("client_id") == "x");
}

TEST_CASE("append_query picks the right separator and encodes", "[unit][http]") {
    CHECK(append_query("https://rp/cb", {{"code", "a b"}, {"state", "s&t"}}) == "https://rp/cb?code=a%20b&state=s%26t");
    CHECK(append_query("https://rp/cb?x=1", {{"code", "c"}}) == "https://rp/cb?x=1&code=c");
    CHECK(append_query("https://rp/cb", {}) == "https://rp/cb");
}

TEST_CASE("the number of parameters is capped (work before client authentication)", "[unit][http]") {
    auto params = [](std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i)
            out += (i ? "&p" : "p") + std::to_string(i) + "=v";
        return out;
    };
    CHECK(count_form_params(params(kMaxFormParams)) == kMaxFormParams);
    CHECK(count_form_params("a=1&&b=2&") == 2);
    CHECK(count_form_params("") == 0);
    REQUIRE(parse_form(params(kMaxFormParams)).has_value());
    CHECK(parse_form(params(kMaxFormParams)).value().all().size() == kMaxFormParams);
    CHECK_FALSE(parse_form(params(kMaxFormParams + 1)).has_value());
}

TEST_CASE("first_duplicate is linear: 50,000 distinct names in well under a second", "[unit][http]") {
    // The pairwise scan it replaces needed 1.25e9 comparisons here (seconds); a hash set needs 5e4.
    FormParams form;
    for (int i = 0; i < 50000; ++i)
        form.add("parameter_" + std::to_string(i), "v");
    const std::clock_t started = std::clock(); // CPU time: not inflated by a loaded machine
    CHECK(form.first_duplicate().empty());
    form.add("parameter_123", "again");
    CHECK(form.first_duplicate() == "parameter_123");
    const double ms = 1000.0 * static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
    INFO("took " << ms << " ms of CPU");
    CHECK(ms < 250);
}
