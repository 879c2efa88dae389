#include <catch2/catch.hpp>

#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/device_cookie.hpp"
#include "web/request_origin.hpp"

using namespace esc::web;

namespace {
const std::string kSecret = "0123456789abcdef0123456789abcdef";
constexpr esc::domain::UnixTime kNow = 1'700'000'000;

esc::http::Request with_headers(std::vector<esc::http::Header> headers) {
    esc::http::Request r;
    r.method = "POST";
    r.headers = std::move(headers);
    return r;
}
} // namespace

TEST_CASE("a login token is bound to the interaction and to the browser's pre-login key", "[unit][web][csrf]") {
    const auto key = new_pre_login_key();
    const auto other_key = new_pre_login_key();
    const auto token = make_csrf(login_csrf_binding("i1", key), kSecret, kNow);
    CHECK(check_csrf(token, login_csrf_binding("i1", key), kSecret, kNow));
    CHECK_FALSE(check_csrf(token, login_csrf_binding("i1", other_key), kSecret, kNow)); // another browser
    CHECK_FALSE(check_csrf(token, login_csrf_binding("i2", key), kSecret, kNow));
    CHECK_FALSE(check_csrf(token, login_csrf_binding("i1", ""), kSecret, kNow)); // no cookie
    CHECK(login_csrf_binding("i1", "short").empty());
    CHECK(session_csrf_binding("").empty());
}

TEST_CASE("the pre-login key is read only from a well-formed __Host- cookie", "[unit][web]") {
    const auto key = new_pre_login_key();
    CHECK(pre_login_key(with_headers({{"Cookie", std::string(kPreLoginCookie) + "=" + key}})) == key);
    CHECK(pre_login_key(with_headers({{"Cookie", std::string(kPreLoginCookie) + "=x;y"}})).empty());
    CHECK(pre_login_key(with_headers({{"Cookie", "esc_login=" + key}})).empty());
    const auto cookie = pre_login_cookie(key);
    CHECK(cookie.find("Secure") != std::string::npos);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("Path=/") != std::string::npos);
}

TEST_CASE("cross-site form posts are recognised by Sec-Fetch-Site or Origin", "[unit][web]") {
    const std::string own = origin_of("https://idp.example:8443/auth/realms/esculape");
    CHECK(own == "https://idp.example:8443");
    CHECK_FALSE(is_cross_site(with_headers({}), own));
    CHECK_FALSE(is_cross_site(with_headers({{"Sec-Fetch-Site", "same-origin"}, {"Origin", own}}), own));
    CHECK_FALSE(is_cross_site(with_headers({{"Sec-Fetch-Site", "none"}}), own));
    CHECK(is_cross_site(with_headers({{"Sec-Fetch-Site", "cross-site"}}), own));
    CHECK(is_cross_site(with_headers({{"Sec-Fetch-Site", "same-site"}}), own));
    CHECK(is_cross_site(with_headers({{"Origin", "https://evil.example"}}), own));
    // Referrer-Policy: no-referrer makes browsers send "Origin: null" for our own forms.
    CHECK_FALSE(is_cross_site(with_headers({{"Origin", "null"}}), own));
    CHECK_FALSE(is_cross_site(with_headers({{"Sec-Fetch-Site", "same-origin"}, {"Origin", "null"}}), own));
    CHECK(is_cross_site(with_headers({{"Sec-Fetch-Site", "cross-site"}, {"Origin", "null"}}), own));
}

TEST_CASE("a device cookie trusts one account, for a limited time", "[unit][web]") {
    const auto set = device_cookie("Dupont", kSecret, kNow);
    const auto value = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
    const auto request = with_headers({{"Cookie", std::string(kDeviceCookie) + "=" + value}});
    CHECK(is_trusted_device(request, "dupont", kSecret, kNow + 10));
    CHECK_FALSE(is_trusted_device(request, "martin", kSecret, kNow + 10));
    CHECK_FALSE(is_trusted_device(request, "dupont", kSecret, kNow + kDeviceCookieSeconds + 1));
    CHECK_FALSE(is_trusted_device(with_headers({}), "dupont", kSecret, kNow));
}
