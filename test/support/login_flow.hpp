#pragma once
// One authorization request through the login page, in-process (with the fixture): start it, post
// a login form, finish it with a code. Header-only: it uses Catch2's REQUIRE.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crypto/encoding.hpp"
#include "http/form.hpp"
#include "support/oidc_fixture.hpp"

namespace esc::test {

struct Flow {
    test::Code code;
    http::Response login_page;
};

// authorize for `client_id` → the login page of a new interaction.
inline Flow start(OidcFixture& f, Browser& b, const std::string& client_id,
                  const std::vector<http::FormParams::Param>& extra = {}) {
    Flow flow;
    const auto& client = f.clients->find(client_id)->client;
    flow.code.client_id = client_id;
    flow.code.redirect_uri = client.redirect_uris.at(0);
    flow.code.verifier = crypto::random_token(32);
    std::vector<http::FormParams::Param> params = {
        {"client_id", client_id},
        {"redirect_uri", flow.code.redirect_uri},
        {"response_type", "code"},
        {"scope", "openid scope_all"},
        {"state", "s"},
        {"nonce", "n"},
        {"code_challenge", crypto::sha256_b64url(flow.code.verifier)},
        {"code_challenge_method", "S256"},
    };
    params.insert(params.end(), extra.begin(), extra.end());
    auto r = f.get(http::append_query(f.deps->endpoints.authorization, params), &b);
    REQUIRE(r.status == 303);
    std::string location(r.header("Location"));
    if (location.rfind(flow.code.redirect_uri, 0) == 0) {
        flow.code.code = query_param(location, "code");
        flow.login_page.headers.push_back({"Location", location});
        return flow;
    }
    flow.login_page = f.get(location, &b);
    return flow;
}

inline http::Response post_password(OidcFixture& f, Browser& b, const http::Response& page, const std::string& login) {
    return f.post(f.deps->endpoints.login,
                  {{"csrf", hidden_field(page.body, "csrf")},
                   {"interaction", hidden_field(page.body, "interaction")},
                   {"login", login},
                   {"password", OidcFixture::kPassword}},
                  &b);
}

// After a successful login form: back to authorize, which answers the client with a code.
inline std::string finish(OidcFixture& f, Browser& b, const http::Response& after_login, const test::Code& code) {
    REQUIRE(after_login.status == 303);
    auto r = f.get(std::string(after_login.header("Location")), &b);
    REQUIRE(r.status == 303);
    std::string location(r.header("Location"));
    REQUIRE(location.rfind(code.redirect_uri, 0) == 0);
    return location;
}

// finish(), then the code exchanged by the flow's client (with its PKCE verifier).
inline Tokens redeem(OidcFixture& f, Browser& b, const http::Response& after_login, test::Code code) {
    code.code = query_param(finish(f, b, after_login, code), "code");
    return f.exchange(code);
}

} // namespace esc::test
