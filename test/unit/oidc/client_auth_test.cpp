// Client authentication at the token endpoint, in-process: the client is authenticated before
// the grant is looked at, with the method it registered and no other (RFC 6749 §2.3, §5.2).
#include <catch2/catch.hpp>

#include "support/oidc_fixture.hpp"

using esc::test::OidcFixture;

namespace {
struct Answer {
    int status;
    std::string error;
    std::string challenge;
};

Answer post_token(OidcFixture& f, std::vector<std::pair<std::string, std::string>> form,
                  std::vector<esc::http::Header> headers) {
    form.emplace_back("grant_type", "authorization_code");
    form.emplace_back("code", "no-such-code");
    form.emplace_back("redirect_uri", "https://rp.test/cb");
    form.emplace_back("code_verifier", std::string(43, 'v'));
    auto r = f.post(f.deps->endpoints.token, form, nullptr, std::move(headers));
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    return {r.status, body.is_object() ? body.value("error", "") : "", std::string(r.header("WWW-Authenticate"))};
}
} // namespace

TEST_CASE("the confidential client's credentials decide before the code is looked at", "[unit][oidc]") {
    OidcFixture f;
    // Authenticated: the unknown code is then the problem.
    CHECK(post_token(f, {}, {OidcFixture::basic(OidcFixture::kConfidential, OidcFixture::kSecret)}).error ==
          "invalid_grant");

    struct Row {
        const char* what;
        std::vector<std::pair<std::string, std::string>> form;
        std::vector<esc::http::Header> headers;
    };
    const std::vector<Row> rows = {
        {"wrong secret", {}, {OidcFixture::basic(OidcFixture::kConfidential, "wrong-secret")}},
        {"no credentials", {{"client_id", OidcFixture::kConfidential}}, {}},
        {"unknown client", {}, {OidcFixture::basic("nobody", OidcFixture::kSecret)}},
        {"secret in the body instead of Basic",
         {{"client_id", OidcFixture::kConfidential}, {"client_secret", OidcFixture::kSecret}},
         {}},
        {"malformed Basic", {}, {{"Authorization", "Basic !!!"}}},
    };
    for (const auto& row : rows) {
        INFO(row.what);
        auto answer = post_token(f, row.form, row.headers);
        CHECK(answer.status == 401);
        CHECK(answer.error == "invalid_client");
    }
    // More than one method in one request (RFC 6749 §2.3) is a malformed request.
    auto twice = post_token(f, {{"client_id", OidcFixture::kConfidential}, {"client_secret", OidcFixture::kSecret}},
                            {OidcFixture::basic(OidcFixture::kConfidential, OidcFixture::kSecret)});
    CHECK(twice.status == 400);
    CHECK(twice.error == "invalid_request");
    // A Basic attempt is answered with a Basic challenge (RFC 6749 §5.2).
    CHECK(post_token(f, {}, {OidcFixture::basic(OidcFixture::kConfidential, "wrong-secret")}).challenge.find("Basic") ==
          0);
}

TEST_CASE("a public client is identified by client_id alone and cannot present a secret", "[unit][oidc]") {
    OidcFixture f;
    CHECK(post_token(f, {{"client_id", OidcFixture::kPublic}}, {}).error == "invalid_grant");
    auto with_secret = post_token(f, {}, {OidcFixture::basic(OidcFixture::kPublic, "anything")});
    CHECK(with_secret.status == 401);
    CHECK(with_secret.error == "invalid_client");
}
