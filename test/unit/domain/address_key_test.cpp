#include <catch2/catch.hpp>

#include "domain/address_key.hpp"

using esc::domain::address_key;

TEST_CASE("rate-limit keys: IPv4 as is, IPv6 per /64, IPv4-mapped as IPv4", "[unit][domain]") {
    CHECK(address_key("192.0.2.1") == "192.0.2.1");
    CHECK(address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    CHECK(address_key("2001:db8:1:2::1") == "2001:db8:1:2::/64");
    CHECK(address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1"));
    CHECK(address_key("::ffff:192.0.2.1") == "192.0.2.1");
    CHECK(address_key("fe80::1%eth0") == address_key("fe80::2"));
    CHECK(address_key("not an address") == "not an address");
}
