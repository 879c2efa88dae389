#pragma once
// The real Deps of the idp, built in-process for tests: a memory store with the demo directory, a
// fake clock, one RS256 signing key, the real pages and route table (guards included), two
// clients. A test sends http::Request values through the route table and reads the Response; it
// moves the clock instead of sleeping. The HTTPS integration tests keep the transport and the wire.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cache/claims_cache.hpp"
#include "cache/token_cache.hpp"
#include "config/config.hpp"
#include "crypto/key_ring.hpp"
#include "domain/login_throttle.hpp"
#include "domain/time.hpp"
#include "endpoints/deps.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "storage/store.hpp"
#include "web/pages.hpp"

namespace esc::test {

// Cookies of one browser (one host, like the integration harness's jar).
struct Browser {
    std::map<std::string, std::string> cookies;
    // The client certificate this browser presents (a CPS card), with the TLS layer's verdict.
    std::optional<http::ClientCertificate> certificate;
    void take(const http::Response& response); // stores its Set-Cookie headers
    std::string header() const;
};

struct Tokens {
    int status = 0;
    nlohmann::json body;
    std::string access_token() const { return body.value("access_token", ""); }
    std::string refresh_token() const { return body.value("refresh_token", ""); }
    std::string id_token() const { return body.value("id_token", ""); }
};

// A code and what its exchange needs.
struct Code {
    std::string code;
    std::string verifier;
    std::string redirect_uri;
    std::string client_id;
};

class OidcFixture {
public:
    // `extra_toml` is appended to the configuration (e.g. "[tokens]\ncode_lifetime = 5\n").
    explicit OidcFixture(const std::string& extra_toml = "");

    static constexpr const char* kConfidential = "rp-basic"; // client_secret_basic
    static constexpr const char* kPublic = "spa";            // none + PKCE
    static constexpr const char* kSecret = "fixture-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    static constexpr const char* kPassword = "esculape-demo";

    // One request through the route table (guard, then handler), as the server would dispatch it.
    http::Response get(const std::string& path_and_query, Browser* browser = nullptr,
                       std::vector<http::Header> headers = {});
    http::Response post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& form,
                        Browser* browser = nullptr, std::vector<http::Header> headers = {});
    // Any method with a raw body (a JSON API), no browser.
    http::Response send(const std::string& method, const std::string& path, std::string body,
                        std::vector<http::Header> headers = {});
    // POST to the token endpoint authenticated as `client_id` (Basic for the confidential client).
    Tokens token(const std::string& client_id, std::vector<std::pair<std::string, std::string>> form);
    // grant_type=refresh_token for `client_id`.
    Tokens refresh(const std::string& client_id, const std::string& refresh_token);
    // An `Authorization: Basic` header for id:secret (the confidential client's secret by default).
    static http::Header basic(const std::string& id = kConfidential, const std::string& secret = kSecret);

    // authorize → login page → login POST → authorize → code, as a browser without JavaScript.
    // Without a login (SSO session in `browser`) the login page must not appear.
    Code code_flow(const std::string& client_id, Browser& browser, const std::string& login = "medecin",
                   const std::vector<std::pair<std::string, std::string>>& extra = {});
    Tokens exchange(const Code& code);

    std::string path_of(const std::string& url) const; // an endpoint URL's path (issuer's host dropped)

    domain::FakeClock clock;
    config::Config config;
    std::unique_ptr<storage::Store> store;
    crypto::KeyRing keys;
    std::unique_ptr<web::Pages> pages;
    http::Metrics metrics;
    std::unique_ptr<domain::LoginThrottle> throttle;
    std::unique_ptr<endpoints::InteractionStore> interactions;
    std::unique_ptr<oidc::ClientRegistry> clients;
    cache::ClaimsCache userinfo_cache;
    cache::TokenCache token_cache;
    crypto::KeyEncryptionKey kek = crypto::KeyEncryptionKey::generate();
    std::optional<crypto::IssuingCa> workstation_ca; // when [workstation] is enabled
    std::unique_ptr<endpoints::Deps> deps;
    http::Router router;
};

// The value of `name` in the query of a redirect Location ("" when absent).
std::string query_param(std::string_view location, std::string_view name);
// The value of the form field `name` (`name="…" value="…"`) in a page, "" when absent.
std::string hidden_field(const std::string& html, const std::string& name);
// The JSON payload of a JWS, unverified (the tests' own tokens).
nlohmann::json jwt_payload(const std::string& jws);

} // namespace esc::test
