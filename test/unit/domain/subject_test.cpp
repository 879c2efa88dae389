#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "domain/subject.hpp"

using namespace esc::domain;

TEST_CASE("sub is the national id by default", "[unit]") {
    Account a;
    a.id = 12;
    a.national_id = "810001234567";
    CHECK(subject_for(a, {}) == "810001234567");
    a.login = "changed";
    a.id = 13; // a new account for the same professional keeps the same sub
    CHECK(subject_for(a, {}) == "810001234567");
}

TEST_CASE("unlinked accounts get a local sub", "[unit]") {
    Account a;
    a.id = 12;
    CHECK(subject_for(a, {}) == "local:12");
    CHECK(subject_for(a, {true, "0f1e2d3c-4b5a-4968-8776-655443322110"}) == "local:12");
}

TEST_CASE("legacy PSC sub form", "[unit]") {
    Account a;
    a.national_id = "810001234567";
    const std::string uuid = "550dc1c1-d97b-4d9a-b9b0-1f2e3d4c5b6a";
    CHECK(subject_for(a, {true, uuid}) == "f:" + uuid + ":810001234567");
    CHECK_THROWS_AS(subject_for(a, {true, ""}), std::invalid_argument);
    CHECK_THROWS_AS(subject_for(a, {true, "not-a-uuid"}), std::invalid_argument);
}

TEST_CASE("uuid formatting", "[unit]") {
    CHECK(is_uuid("550dc1c1-d97b-4d9a-b9b0-1f2e3d4c5b6a"));
    CHECK(is_uuid("550DC1C1-D97B-4D9A-B9B0-1F2E3D4C5B6A"));
    CHECK_FALSE(is_uuid("550dc1c1d97b4d9ab9b01f2e3d4c5b6a"));
    CHECK_FALSE(is_uuid("550dc1c1-d97b-4d9a-b9b0-1f2e3d4c5b6g"));
    CHECK_FALSE(is_uuid("550dc1c1-d97b-4d9a-b9b01-f2e3d4c5b6a"));

    std::string zeros(16, '\0');
    CHECK(uuid_from_bytes(zeros) == "00000000-0000-5000-8000-000000000000");
    std::string ones(16, '\xff');
    CHECK(uuid_from_bytes(ones) == "ffffffff-ffff-5fff-bfff-ffffffffffff");
    std::string counting;
    for (int i = 0; i < 16; ++i)
        counting += static_cast<char>(i * 17);
    auto u = uuid_from_bytes(counting);
    CHECK(u == "00112233-4455-5677-8899-aabbccddeeff");
    CHECK(is_uuid(u));
    CHECK(uuid_from_bytes(counting) == u); // deterministic
    CHECK_THROWS_AS(uuid_from_bytes("short"), std::invalid_argument);
}
