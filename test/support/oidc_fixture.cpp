#include "support/oidc_fixture.hpp"

#include "app/service_referents.hpp"
#include "app/workstation_ca.hpp"

#include <regex>
#include <stdexcept>

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "endpoints/routes.hpp"
#include "http/form.hpp"
#include "storage/demo_seed.hpp"

namespace esc::test {

namespace {

const std::string kSource = ESC_SOURCE_DIR;

std::string base_config() {
    return "issuer = \"https://idp.test/auth/realms/esculape\"\n"
           "templates_dir = \"" +
           kSource + "/idp/web/templates\"\n" + "demo_dir = \"" + kSource + "/conf/demo\"\n" +
           "dev_mode = true\n"
           "[storage]\nbackend = \"memory\"\n"
           "[tls]\nenabled = false\n"
           "[clients.rp-basic]\nname = \"RP confidentiel\"\ntype = \"confidential\"\n"
           "token_endpoint_auth_method = \"client_secret_basic\"\nsecret = \"" +
           std::string(OidcFixture::kSecret) +
           "\"\nredirect_uris = [\"https://rp.test/cb\"]\n"
           "grant_types = [\"authorization_code\", \"refresh_token\"]\n"
           "[clients.spa]\nname = \"SPA\"\ntype = \"public\"\ntoken_endpoint_auth_method = \"none\"\n"
           "require_pkce = true\nredirect_uris = [\"https://spa.test/cb\"]\n"
           "grant_types = [\"authorization_code\", \"refresh_token\"]\n";
}

config::Config load(const std::string& extra) {
    auto result = config::load_config_from_string(base_config() + extra, kSource);
    if (!result.ok()) {
        std::string message = "fixture configuration:";
        for (const auto& e : result.errors)
            message += "\n  " + e.path + ": " + e.message;
        throw std::runtime_error(message);
    }
    return result.config;
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& form) {
    std::string body;
    for (const auto& [name, value] : form)
        body += (body.empty() ? "" : "&") + http::url_encode(name) + "=" + http::url_encode(value);
    return body;
}

} // namespace

std::string hidden_field(const std::string& html, const std::string& name) {
    std::smatch m;
    if (!std::regex_search(html, m, std::regex("name=\"" + name + "\" value=\"([^\"]*)\""))) return "";
    return m[1];
}

void Browser::take(const http::Response& response) {
    for (const auto& h : response.headers) {
        if (!http::iequals(h.name, "Set-Cookie")) continue;
        auto semi = h.value.find(';');
        auto pair = h.value.substr(0, semi);
        auto eq = pair.find('=');
        if (eq == std::string::npos) continue;
        auto name = pair.substr(0, eq), value = pair.substr(eq + 1);
        bool removed = value.empty() || h.value.find("Max-Age=0") != std::string::npos;
        if (removed)
            cookies.erase(name);
        else
            cookies[name] = value;
    }
}

std::string Browser::header() const {
    std::string out;
    for (const auto& [name, value] : cookies)
        out += (out.empty() ? "" : "; ") + name + "=" + value;
    return out;
}

OidcFixture::OidcFixture(const std::string& extra_toml) : config(load(extra_toml)) {
    store = storage::open_memory_store();
    storage::load_demo_seed(*store, config.demo_dir);
    app::load_file_referents(*store, config.clients);
    auto key = crypto::generate_private_key(crypto::Alg::RS256);
    keys.replace({{key, crypto::public_key_of(*key), true}});
    pages = std::make_unique<web::Pages>(config.templates_dir, "/");
    domain::ThrottleLimits limits;
    throttle = std::make_unique<domain::LoginThrottle>(clock, limits, store->throttle());
    interactions = std::make_unique<endpoints::InteractionStore>(*store);
    clients = std::make_unique<oidc::ClientRegistry>(config.clients);
    deps = std::make_unique<endpoints::Deps>(
        endpoints::Deps{config,
                        endpoints::Endpoints::from_issuer(config.issuer, config.issuer_path()),
                        *store,
                        keys,
                        clock,
                        *pages,
                        metrics,
                        *throttle,
                        *interactions,
                        *clients,
                        domain::AcrMapping{},
                        std::string(32, 'k'),
                        {},
                        "",
                        &userinfo_cache,
                        &token_cache,
                        endpoints::login_methods_of(config)});
    deps->kek = &kek;
    if (config.workstation.enabled) {
        workstation_ca.emplace(app::load_workstation_ca(*store, kek, clock.now()));
        deps->workstation_ca = &*workstation_ca;
    }
    router = endpoints::build_router(*deps);
}

std::string OidcFixture::path_of(const std::string& url) const {
    if (url.rfind("https://", 0) != 0) return url;
    auto slash = url.find('/', 8);
    return slash == std::string::npos ? "/" : url.substr(slash);
}

namespace {
http::Response dispatch(const http::Router& router, http::Request& request) {
    const auto* route = router.find(request.path, request.method);
    if (!route) return router.answer_not_found(request);
    request.route_name = route->name;
    if (route->guard)
        if (auto refused = route->guard(request)) return *refused;
    return route->handler(request);
}

http::Request make_request(std::string method, const std::string& path_and_query, Browser* browser,
                           std::vector<http::Header> headers) {
    http::Request r;
    r.method = std::move(method);
    r.target = path_and_query;
    auto q = path_and_query.find('?');
    r.path = path_and_query.substr(0, q);
    if (q != std::string::npos) r.query = path_and_query.substr(q + 1);
    r.headers = std::move(headers);
    r.remote_addr = "192.0.2.10";
    r.secure = true;
    r.host = "idp.test";
    r.headers.push_back({"Host", "idp.test"});
    if (browser && !browser->cookies.empty()) r.headers.push_back({"Cookie", browser->header()});
    if (browser) r.client_cert = browser->certificate;
    return r;
}
} // namespace

http::Response OidcFixture::get(const std::string& path_and_query, Browser* browser,
                                std::vector<http::Header> headers) {
    auto request = make_request("GET", path_of(path_and_query), browser, std::move(headers));
    auto response = dispatch(router, request);
    if (browser) browser->take(response);
    return response;
}

http::Response OidcFixture::send(const std::string& method, const std::string& path, std::string body,
                                 std::vector<http::Header> headers) {
    auto request = make_request(method, path_of(path), nullptr, std::move(headers));
    request.body = std::move(body);
    return dispatch(router, request);
}

http::Response OidcFixture::post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& form,
                                 Browser* browser, std::vector<http::Header> headers) {
    headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    auto request = make_request("POST", path_of(path), browser, std::move(headers));
    request.body = form_body(form);
    auto response = dispatch(router, request);
    if (browser) browser->take(response);
    return response;
}

Tokens OidcFixture::token(const std::string& client_id, std::vector<std::pair<std::string, std::string>> form) {
    std::vector<http::Header> headers;
    if (client_id == kConfidential)
        headers.push_back(basic(client_id));
    else
        form.emplace_back("client_id", client_id);
    auto response = post(deps->endpoints.token, form, nullptr, std::move(headers));
    Tokens out;
    out.status = response.status;
    out.body = nlohmann::json::parse(response.body, nullptr, false);
    return out;
}

Tokens OidcFixture::refresh(const std::string& client_id, const std::string& refresh_token) {
    return token(client_id, {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}});
}

http::Header OidcFixture::basic(const std::string& id, const std::string& secret) {
    return {"Authorization", "Basic " + crypto::base64_encode(id + ":" + secret)};
}

Code OidcFixture::code_flow(const std::string& client_id, Browser& browser, const std::string& login,
                            const std::vector<std::pair<std::string, std::string>>& extra) {
    const auto* client = clients->find(client_id);
    if (!client) throw std::runtime_error("no client " + client_id);
    Code out;
    out.client_id = client_id;
    out.redirect_uri = client->client.redirect_uris.at(0);
    out.verifier = crypto::random_token(32);
    std::vector<http::FormParams::Param> params = {
        {"client_id", client_id},
        {"redirect_uri", out.redirect_uri},
        {"response_type", "code"},
        {"scope", "openid scope_all"},
        {"state", "state-1"},
        {"nonce", "nonce-1"},
        {"code_challenge", crypto::sha256_b64url(out.verifier)},
        {"code_challenge_method", "S256"},
    };
    for (const auto& [k, v] : extra)
        params.push_back({k, v});
    auto response = get(http::append_query(deps->endpoints.authorization, params), &browser);
    for (int step = 0; step < 6; ++step) {
        if (response.status != 303 && response.status != 302)
            throw std::runtime_error("code flow: HTTP " + std::to_string(response.status) + ": " +
                                     response.body.substr(0, 300));
        std::string location(response.header("Location"));
        if (location.rfind(out.redirect_uri, 0) == 0) {
            out.code = query_param(location, "code");
            if (out.code.empty()) throw std::runtime_error("code flow: no code in " + location);
            return out;
        }
        auto page = get(location, &browser);
        if (page.status == 200 && page.body.find("name=\"password\"") != std::string::npos) {
            if (login.empty()) throw std::runtime_error("code flow: a login page where SSO was expected");
            response = post(deps->endpoints.login,
                            {{"csrf", hidden_field(page.body, "csrf")},
                             {"interaction", hidden_field(page.body, "interaction")},
                             {"login", login},
                             {"password", kPassword}},
                            &browser);
        } else {
            response = page;
        }
    }
    throw std::runtime_error("code flow did not reach the client");
}

Tokens OidcFixture::exchange(const Code& code) {
    return token(code.client_id, {{"grant_type", "authorization_code"},
                                  {"code", code.code},
                                  {"redirect_uri", code.redirect_uri},
                                  {"code_verifier", code.verifier}});
}

std::string query_param(std::string_view location, std::string_view name) {
    auto q = location.find('?');
    if (q == std::string_view::npos) return "";
    auto params = http::parse_form(location.substr(q + 1));
    if (!params) return "";
    return params->get(name);
}

nlohmann::json jwt_payload(const std::string& jws) {
    auto first = jws.find('.'), second = jws.find('.', first + 1);
    auto payload = crypto::base64url_decode(jws.substr(first + 1, second - first - 1));
    return payload ? nlohmann::json::parse(*payload, nullptr, false) : nlohmann::json();
}

} // namespace esc::test
