#include <catch2/catch.hpp>

#include <string>

#include "domain/redirect_uri.hpp"

using namespace esc::domain;

TEST_CASE("redirect URI syntax", "[unit]") {
    CHECK(is_valid_redirect_uri_syntax("https://rp.example.fr/callback"));
    CHECK(is_valid_redirect_uri_syntax("https://rp.example.fr:8443/cb?tenant=a"));
    CHECK(is_valid_redirect_uri_syntax("http://127.0.0.1:5000/cb"));
    CHECK(is_valid_redirect_uri_syntax("fr.esante.app:/oauth2redirect")); // RFC 8252 §7.1 private-use scheme

    CHECK_FALSE(is_valid_redirect_uri_syntax(""));
    CHECK_FALSE(is_valid_redirect_uri_syntax("/callback"));                     // relative
    CHECK_FALSE(is_valid_redirect_uri_syntax("rp.example.fr/callback"));        // no scheme
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://rp.example.fr/cb#frag")); // RFC 6749 §3.1.2
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://rp.example.fr/cb#"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https:///cb")); // no host
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://:443/cb"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https:rp.example.fr/cb"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://user@evil.example/cb"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://rp.example.fr/c b"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://rp.example.fr/cb\r\nLocation: x"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://rp.example.fr/caf\xc3\xa9"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("javascript:alert(1)"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("JavaScript:alert(1)"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("data:text/html,<script>"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("vbscript:msgbox"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("file:///etc/passwd"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("1https://rp.example.fr/cb"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("myapp:"));
    CHECK_FALSE(is_valid_redirect_uri_syntax("https://rp.example.fr/" + std::string(kMaxRedirectUriLength, 'a')));
}

TEST_CASE("loopback redirect URIs (RFC 8252 §7.3)", "[unit]") {
    CHECK(is_loopback_redirect_uri("http://127.0.0.1/cb"));
    CHECK(is_loopback_redirect_uri("http://127.0.0.1:51004/cb"));
    CHECK(is_loopback_redirect_uri("http://[::1]:8080/cb"));
    CHECK(is_loopback_redirect_uri("http://[::1]"));
    CHECK_FALSE(is_loopback_redirect_uri("http://localhost:8080/cb")); // RFC 8252 §8.3
    CHECK_FALSE(is_loopback_redirect_uri("https://127.0.0.1/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.1.evil.example/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.1:80@evil.example/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.1:/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.1:0/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.1:65536/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.1:80a/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://127.0.0.2/cb"));
    CHECK_FALSE(is_loopback_redirect_uri("http://evil.example/127.0.0.1"));
}

TEST_CASE("redirect URI exact matching resists open-redirect attempts (RFC 9700 §4.1.3)", "[unit]") {
    Client c;
    c.type = ClientType::confidential;
    c.redirect_uris = {"https://rp.example.fr/callback", "https://rp.example.fr/cb?tenant=a"};

    CHECK(redirect_uri_allowed(c, "https://rp.example.fr/callback"));
    CHECK(redirect_uri_allowed(c, "https://rp.example.fr/cb?tenant=a"));

    const char* attacks[] = {
        "",
        "https://rp.example.fr/callback/",                     // suffix
        "https://rp.example.fr/callbackx",                     // suffix
        "https://rp.example.fr/callback.evil.example",         // suffix on path
        "https://rp.example.fr/call",                          // prefix
        "https://rp.example.fr/",                              // prefix
        "https://rp.example.fr.evil.example/callback",         // host suffix
        "https://evil.example/https://rp.example.fr/callback", // embedded
        "HTTPS://rp.example.fr/callback",                      // case of scheme
        "https://RP.example.fr/callback",                      // case of host
        "https://rp.example.fr/Callback",                      // case of path
        "https://rp.example.fr/callback/../admin",             // traversal
        "https://rp.example.fr/x/../callback",                 // traversal reaching the right path
        "https://rp.example.fr/%63allback",                    // encoded character
        "https://rp.example.fr/callback%2F..%2Fadmin",         // encoded traversal
        "https://rp.example.fr@evil.example/callback",         // userinfo
        "https://evil.example@rp.example.fr/callback",         // userinfo
        "https://rp.example.fr/callback?next=https://evil",    // extra query
        "https://rp.example.fr/cb?tenant=a&x=1",               // extra query parameter
        "https://rp.example.fr/cb?tenant=b",                   // other query value
        "https://rp.example.fr/callback#evil",                 // fragment
        "https://rp.example.fr:443/callback",                  // explicit default port
        "http://rp.example.fr/callback",                       // scheme downgrade
        " https://rp.example.fr/callback",                     // whitespace
    };
    for (const char* attack : attacks) {
        INFO(attack);
        CHECK_FALSE(redirect_uri_allowed(c, attack));
    }
}

TEST_CASE("loopback port relaxation only for clients marked native (RFC 8252 §7.3)", "[unit]") {
    Client native;
    native.type = ClientType::public_;
    native.application_type = ApplicationType::native;
    native.redirect_uris = {"http://127.0.0.1/oauth/cb", "http://[::1]:1234/cb"};
    Client web = native;
    web.type = ClientType::confidential;
    web.application_type = ApplicationType::web;
    // A public browser-based client (the default application_type) gets exact matching only.
    Client spa = native;
    spa.application_type = ApplicationType::web;
    CHECK(redirect_uri_allowed(spa, "http://127.0.0.1/oauth/cb"));
    CHECK_FALSE(redirect_uri_allowed(spa, "http://127.0.0.1:49152/oauth/cb"));
    CHECK_FALSE(redirect_uri_allowed(spa, "http://[::1]:60000/cb"));

    CHECK(redirect_uri_allowed(native, "http://127.0.0.1/oauth/cb"));
    CHECK(redirect_uri_allowed(native, "http://127.0.0.1:49152/oauth/cb"));
    CHECK(redirect_uri_allowed(native, "http://[::1]:60000/cb"));
    CHECK(redirect_uri_allowed(native, "http://[::1]/cb"));
    CHECK_FALSE(redirect_uri_allowed(native, "http://127.0.0.1:49152/oauth/cb2"));  // path must match
    CHECK_FALSE(redirect_uri_allowed(native, "http://127.0.0.1:49152/oauth/cb?x")); // query must match
    CHECK_FALSE(redirect_uri_allowed(native, "http://[::1]:60000/oauth/cb"));       // host family must match
    CHECK_FALSE(redirect_uri_allowed(native, "http://localhost:49152/oauth/cb"));
    CHECK_FALSE(redirect_uri_allowed(native, "http://127.0.0.1:49152@evil.example/oauth/cb"));
    CHECK_FALSE(redirect_uri_allowed(native, "https://127.0.0.1:49152/oauth/cb"));

    CHECK(redirect_uri_allowed(web, "http://127.0.0.1/oauth/cb"));
    CHECK_FALSE(redirect_uri_allowed(web, "http://127.0.0.1:49152/oauth/cb"));
}

TEST_CASE("post-logout redirect URIs are matched exactly", "[unit]") {
    Client c;
    c.type = ClientType::public_;
    c.redirect_uris = {"http://127.0.0.1/cb"};
    c.post_logout_redirect_uris = {"http://127.0.0.1/bye"};
    CHECK(post_logout_redirect_uri_allowed(c, "http://127.0.0.1/bye"));
    CHECK_FALSE(post_logout_redirect_uri_allowed(c, "http://127.0.0.1:9000/bye"));
    CHECK_FALSE(post_logout_redirect_uri_allowed(c, "http://127.0.0.1/cb"));
}
