#include "endpoints/respond.hpp"

#include <nlohmann/json.hpp>

#include "endpoints/deps.hpp"
#include "http/access_log.hpp"
#include "http/form.hpp"
#include "web/headers.hpp"
#include "web/pages.hpp"
#include "web/views/error.hpp"
#include "web/views/form_post.hpp"

namespace esc::endpoints {

using domain::OAuthError;

void log_oauth_error(const std::string& where, const OAuthError& error) {
    if (error.detail.empty() && error.status < 500) return;
    nlohmann::json j{{"level", error.status >= 500 ? "error" : "info"},
                     {"where", where},
                     {"error", error.code},
                     {"detail", error.detail}};
    http::write_log_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

namespace {

// The failure of a route: a page for browsers' routes, the OAuth JSON shape for the others.
http::Response failure(const Deps& deps, bool html, const OAuthError& error) {
    log_oauth_error("route", error);
    if (html) return error_page(deps, error);
    nlohmann::json body{{"error", error.code}};
    if (error.id != domain::ErrorCode::server_error) body["error_description"] = error.description;
    return json_no_store(error.status, body);
}

} // namespace

http::Response storage_failure(const Deps& deps, bool html, const storage::StorageError& error) {
    using Kind = storage::StorageError::Kind;
    auto detail = std::string("storage: ") + std::string(error.what()).substr(0, 300);
    if (error.kind == Kind::other) return failure(deps, html, domain::oauth_errors::server_error(detail));
    // RFC 6749 §4.1.2.1 names this condition temporarily_unavailable; 503 tells proxies to retry elsewhere.
    auto r =
        failure(deps, html,
                domain::oauth_errors::temporarily_unavailable("the service cannot record data right now; retry later")
                    .with_detail(detail));
    if (error.kind == Kind::full) r.set("Retry-After", "30");
    return r;
}

http::Response unexpected_failure(const Deps& deps, bool html, const std::exception& error) {
    return failure(deps, html, domain::oauth_errors::server_error(std::string(error.what()).substr(0, 300)));
}

http::Response transport_error(const Deps& deps, bool html, int status, std::string_view code,
                               std::string_view description) {
    if (!html) {
        nlohmann::json body{{"error", code}};
        if (!description.empty()) body["error_description"] = description;
        auto r = http::Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return r;
    }
    web::ErrorView view;
    view.code = std::string(code);
    view.description = std::string(description);
    if (auto known = domain::error_code_from_wire(code)) {
        view.message = std::string(domain::info(*known).explanation);
    } else if (status == 408) {
        view.message = "La demande a mis trop de temps à arriver. Vérifiez votre connexion et réessayez.";
    } else if (status == 413 || status == 431) {
        view.message = "La demande envoyée par votre navigateur est trop volumineuse pour être traitée.";
    } else {
        view.message = "La demande envoyée par votre navigateur n’a pas pu être lue. Réessayez.";
    }
    return page(status, deps.pages.render(view));
}

http::Response error_page(const Deps& deps, const OAuthError& error) {
    web::ErrorView view;
    view.code = error.code;
    view.description = error.description;
    return page(error.status, deps.pages.render(view));
}

http::Response json_no_store(int status, const nlohmann::json& body) {
    auto r = http::Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    r.set("Cache-Control", "no-store");
    r.set("Pragma", "no-cache");
    return r;
}

http::Response page(int status, std::string html) {
    auto r = http::Response::html(status, std::move(html));
    web::add_page_headers(r);
    return r;
}

http::Response token_error(const OAuthError& error) {
    log_oauth_error("token", error);
    nlohmann::json body{{"error", error.code}, {"error_description", error.description}};
    auto r = json_no_store(error.status, body);
    if (error.id == domain::ErrorCode::invalid_client && error.status == 401)
        r.set("WWW-Authenticate", "Basic realm=\"esculape\", charset=\"UTF-8\"");
    return r;
}

http::Response bearer_error(const OAuthError& error) {
    log_oauth_error("userinfo", error);
    std::string challenge = "Bearer realm=\"esculape\"";
    // RFC 6750 §3.1: a request without any token gets the bare challenge, without error codes.
    if (error.id != domain::ErrorCode::invalid_request || !error.description.empty())
        challenge += ", error=\"" + error.code + "\", error_description=\"" + error.description + "\"";
    auto r =
        json_no_store(error.status, nlohmann::json{{"error", error.code}, {"error_description", error.description}});
    r.set("WWW-Authenticate", challenge);
    return r;
}

http::Response authorization_response(const Deps& deps, const oidc::AuthorizationRequest& target,
                                      std::vector<std::pair<std::string, std::string>> params) {
    if (!target.state.empty()) params.emplace_back("state", target.state);
    params.emplace_back("iss", deps.endpoints.issuer); // RFC 9207 §2
    if (target.response_mode == oidc::ResponseMode::form_post) {
        web::FormPostView view;
        view.action = target.redirect_uri;
        if (const auto* c = deps.clients.find(target.client_id)) view.client_name = c->client.name;
        for (auto& [k, v] : params)
            view.fields.push_back({k, v});
        auto r = page(200, deps.pages.render(view));
        // The redirect URI's origin must be allowed as a form target by the CSP.
        auto scheme_end = target.redirect_uri.find("://");
        auto origin_end = target.redirect_uri.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
        // Its script submits the form on load (Form Post Response Mode §2), allowed by hash.
        web::add_page_headers(r, {target.redirect_uri.substr(0, origin_end)}, {web::form_post_script_source()});
        return r;
    }
    std::vector<http::FormParams::Param> query;
    for (auto& [k, v] : params)
        query.push_back({k, v});
    auto r = http::Response::redirect(http::append_query(target.redirect_uri, query), 303);
    r.set("Cache-Control", "no-store");
    return r;
}

http::Response authorize_error(const Deps& deps, const OAuthError& error, const oidc::AuthorizationRequest* target) {
    log_oauth_error("authorize", error);
    if (!target || !error.redirectable) {
        auto shown = error;
        shown.status = error.status >= 500 ? error.status : 400; // a request error, whatever the code
        return error_page(deps, shown);
    }
    std::vector<std::pair<std::string, std::string>> params{{"error", error.code}};
    if (!error.description.empty()) params.emplace_back("error_description", error.description);
    return authorization_response(deps, *target, std::move(params));
}

} // namespace esc::endpoints
