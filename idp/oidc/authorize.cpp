// Authorization endpoint (OIDC Core §3.1.2, RFC 6749 §4.1.1): an ordered list of short checks.
// Until the client and its redirect URI are verified, errors are shown as a page; after that,
// they go back to the client with state and iss (RFC 9207).
#include "oidc/authorize.hpp"

#include <charconv>
#include <variant>

#include "crypto/encoding.hpp"
#include "domain/authorization_limits.hpp"
#include "domain/pkce.hpp"
#include "domain/redirect_uri.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/service_access.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "oidc/id_token_hint.hpp"
#include "oidc/subject.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/views/service_access.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

namespace {

std::optional<http::FormParams> read_params(const http::Request& request) {
    if (request.method == "POST") return http::parse_form(request.body);
    return http::parse_form(request.query);
}

// 1. The client must exist; 2. the redirect URI must be registered for it, exactly.
std::optional<OAuthError> check_client_and_redirect(const Deps& deps, const http::FormParams& p,
                                                    AuthorizationRequest& out) {
    out.client_id = p.get("client_id");
    if (out.client_id.empty()) return errors::unknown_client("client_id is missing");
    const auto* entry = deps.clients.find(out.client_id);
    if (!entry) return errors::unknown_client("unknown client_id");
    if (!entry->client.allows_grant("authorization_code"))
        return errors::unknown_client("this client may not use the authorization code flow");
    out.redirect_uri = p.get("redirect_uri");
    // OIDC Core §3.1.2.1 makes redirect_uri required; we never guess one.
    if (out.redirect_uri.empty()) return errors::invalid_redirect_uri("redirect_uri is missing");
    if (!domain::redirect_uri_allowed(entry->client, out.redirect_uri))
        return errors::invalid_redirect_uri("redirect_uri is not registered for this client");
    return std::nullopt;
}

// 3. How to answer, before anything else is checked, so later errors reach the client properly.
std::optional<OAuthError> check_response_mode(const http::FormParams& p, AuthorizationRequest& out) {
    auto mode = p.get("response_mode");
    out.state = p.get("state");
    if (mode.empty() || mode == "query") return std::nullopt;
    if (mode == "form_post") {
        out.response_mode = ResponseMode::form_post;
        return std::nullopt;
    }
    return errors::invalid_request("response_mode must be query or form_post");
}

// 4. Only the code flow exists (RFC 9700 §2.1.2: no implicit grant).
std::optional<OAuthError> check_response_type(const http::FormParams& p) {
    auto type = p.get("response_type");
    if (type.empty()) return errors::invalid_request("response_type is missing");
    if (type != "code") return errors::unsupported_response_type("only response_type=code is supported");
    return std::nullopt;
}

std::optional<OAuthError> check_scope(const Deps& deps, const http::FormParams& p, AuthorizationRequest& out) {
    auto parsed = domain::parse_scope(p.get("scope"));
    if (!parsed) return errors::invalid_scope("scope contains invalid characters");
    const auto& client = deps.clients.find(out.client_id)->client;
    out.scopes = domain::grantable_scopes(*parsed, client);
    if (!domain::has_scope(out.scopes, "openid"))
        return errors::invalid_scope("the openid scope is required by this OpenID Provider");
    return std::nullopt;
}

std::optional<OAuthError> check_pkce(const Deps& deps, const http::FormParams& p, AuthorizationRequest& out) {
    out.code_challenge = p.get("code_challenge");
    out.code_challenge_method = p.get("code_challenge_method");
    if (!out.code_challenge.empty() && out.code_challenge_method.empty()) out.code_challenge_method = "plain";
    return domain::check_pkce_request(deps.clients.find(out.client_id)->client, p.get("code_challenge"),
                                      p.get("code_challenge_method"));
}

std::optional<OAuthError> check_unsupported(const http::FormParams& p) {
    if (p.has("request")) return errors::request_not_supported("request objects are not supported");
    if (p.has("request_uri")) return errors::request_uri_not_supported("request_uri is not supported");
    if (p.has("registration")) return errors::registration_not_supported("registration is not supported");
    return std::nullopt;
}

std::optional<OAuthError> check_prompt_and_max_age(const http::FormParams& p, AuthorizationRequest& out) {
    std::string prompt = p.get("prompt");
    std::size_t pos = 0;
    int count = 0;
    while (pos < prompt.size()) {
        auto end = prompt.find(' ', pos);
        auto value = prompt.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos = end == std::string::npos ? prompt.size() : end + 1;
        if (value.empty()) continue;
        ++count;
        if (value == "none")
            out.prompt_none = true;
        else if (value == "login")
            out.prompt_login = true;
        else if (value != "consent" && value != "select_account")
            return errors::invalid_request("unknown prompt value: " + value);
    }
    // OIDC Core §3.1.2.1: none must not be combined with any other value.
    if (out.prompt_none && count > 1) return errors::invalid_request("prompt=none cannot be combined");
    if (p.has("max_age")) {
        auto text = p.get("max_age");
        long long v = -1;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size() || v < 0)
            return errors::invalid_request("max_age must be a non-negative integer");
        out.max_age = v;
    }
    return std::nullopt;
}

// The level a login must reach for this request: what the service and an essential acr demand,
// and a voluntary acr_values as far as the methods offered here can go (OIDC Core §3.1.2.1: a
// voluntary request that cannot be met is answered with the level reached).
// What must be met: the service's minimum and an essential acr.
int demanded_level(const Deps& deps, const AuthorizationRequest& ar) {
    int level = domain::acr_level(deps.clients.find(ar.client_id)->client.min_acr);
    return ar.acr.essential ? std::max(level, domain::required_level(ar.acr)) : level;
}

int required_level_of(const Deps& deps, const AuthorizationRequest& ar) {
    int reachable = domain::level_of(deps.login_methods, deps.acr);
    return std::max(demanded_level(deps, ar), std::min(domain::required_level(ar.acr), reachable));
}

std::optional<OAuthError> check_claims_and_acr(const Deps& deps, const http::FormParams& p, AuthorizationRequest& out) {
    out.claims_json = p.get("claims");
    auto parsed = domain::parse_claims_request(out.claims_json);
    if (auto* e = std::get_if<OAuthError>(&parsed)) return *e;
    out.claims = std::get<domain::ClaimsRequest>(std::move(parsed));
    out.acr_values = p.get("acr_values");
    out.acr = domain::make_acr_request(out.acr_values, out.claims);
    out.required_level = required_level_of(deps, out);
    return std::nullopt;
}

std::optional<OAuthError> check_id_token_hint(const Deps& deps, const http::FormParams& p, AuthorizationRequest& out) {
    auto hint = p.get("id_token_hint");
    if (hint.empty()) return std::nullopt;
    auto claims = verify_id_token_hint(deps, hint);
    if (!claims) return errors::invalid_request("id_token_hint is not a valid ID token of this provider");
    out.id_token_hint_sub = claims->sub;
    return std::nullopt;
}

// Every value the endpoint keeps or echoes is bounded and UTF-8 (domain/authorization_limits.hpp).
// A bad state is not echoed back in the error.
std::optional<OAuthError> check_parameter_values(const http::FormParams& p, AuthorizationRequest& out) {
    for (const auto& param : p.all()) {
        if (auto e = domain::check_authorization_parameter(param.name, param.value)) {
            if (param.name == "state") out.state.clear();
            return e;
        }
    }
    return std::nullopt;
}

// OIDC Core §5.5.1: a `sub` requested with a value names the only professional the client will
// accept; "" when the request names none.
std::string requested_subject(const AuthorizationRequest& ar) {
    for (const auto* requests : {&ar.claims.id_token, &ar.claims.userinfo}) {
        auto it = requests->find("sub");
        if (it != requests->end() && it->second.value && it->second.value->is_string())
            return it->second.value->get<std::string>();
    }
    return {};
}

// Reads and checks the request; on success `out` is complete and redirectable errors may be sent.
std::optional<OAuthError> validate(const Deps& deps, const http::FormParams& p, AuthorizationRequest& out,
                                   bool& verified) {
    verified = false;
    // RFC 6749 §3.1: parameters must not repeat. A repeated client_id or redirect_uri leaves the
    // target unknown, so that one is shown as a page.
    if (p.count("client_id") > 1 || p.count("redirect_uri") > 1)
        return errors::invalid_redirect_uri("client_id or redirect_uri is repeated");
    if (auto e = check_client_and_redirect(deps, p, out)) return e;
    verified = true;
    if (auto e = check_response_mode(p, out)) return e;
    if (auto e = check_parameter_values(p, out)) return e;
    auto dup = p.first_duplicate();
    if (!dup.empty()) return errors::invalid_request("parameter " + dup + " is repeated");
    if (auto e = check_response_type(p)) return e;
    if (auto e = check_unsupported(p)) return e;
    if (auto e = check_scope(deps, p, out)) return e;
    if (auto e = check_pkce(deps, p, out)) return e;
    if (auto e = check_prompt_and_max_age(p, out)) return e;
    if (auto e = check_claims_and_acr(deps, p, out)) return e;
    if (auto e = check_id_token_hint(deps, p, out)) return e;
    out.nonce = p.get("nonce");
    out.login_hint = p.get("login_hint");
    out.ui_locales = p.get("ui_locales");
    return std::nullopt;
}

enum class SessionVerdict { usable, needs_login, needs_reauthentication, needs_step_up, cannot_satisfy, other_subject };

SessionVerdict judge_session(const Deps& deps, const AuthorizationRequest& ar, const endpoints::ActiveSession* s,
                             bool fresh) {
    // Essential acr values none of which is known here can never be met (OIDC Core §5.5.1.1).
    if (ar.acr.essential && !ar.acr.values.empty() && domain::required_level(ar.acr) == 0)
        return SessionVerdict::cannot_satisfy;
    if (!s) return SessionVerdict::needs_login;
    if (ar.prompt_login && !fresh) return SessionVerdict::needs_reauthentication;
    // max_age=0 means "authenticate now" (OIDC Core §3.1.2.1), even within the same second.
    if (ar.max_age && !fresh && (*ar.max_age == 0 || deps.clock.now() - s->session.auth.auth_time > *ar.max_age))
        return SessionVerdict::needs_reauthentication;
    if (!ar.id_token_hint_sub.empty() && ar.id_token_hint_sub != subject_of(deps, s->account))
        return SessionVerdict::needs_login;
    // OIDC Core §5.5.1: the OP must not answer for another professional than the requested sub;
    // a session of someone else asks for a login, and a fresh login of someone else is refused.
    if (auto wanted = requested_subject(ar); !wanted.empty()) {
        const auto* entry = deps.clients.find(ar.client_id);
        if (wanted != subject_for(deps, s->account, entry->client) && wanted != subject_of(deps, s->account))
            return fresh ? SessionVerdict::other_subject : SessionVerdict::needs_login;
    }
    // Below the level: the same session is asked for the missing factor (also right after a login
    // that did not reach it, which only a form the page did not offer can produce).
    if (int level = domain::acr_level(s->session.auth.acr); level < ar.required_level) {
        // prompt=none cannot ask: a shortfall of a voluntary acr_values only is answered as is.
        if (ar.prompt_none && level >= demanded_level(deps, ar)) return SessionVerdict::usable;
        return SessionVerdict::needs_step_up;
    }
    return SessionVerdict::usable;
}

http::Response issue_code(const Deps& deps, const AuthorizationRequest& ar, const endpoints::ActiveSession& s) {
    std::string code = crypto::random_token(32);
    domain::AuthCode c;
    c.code_hash = crypto::sha256_b64url(code);
    c.client_id = ar.client_id;
    c.redirect_uri = ar.redirect_uri;
    c.account_id = s.account.id;
    c.sid = s.session.sid;
    c.scope = domain::join_scopes(ar.scopes);
    c.nonce = ar.nonce;
    c.code_challenge = ar.code_challenge;
    c.code_challenge_method = ar.code_challenge.empty() ? "" : ar.code_challenge_method;
    c.claims_json = ar.claims_json;
    c.acr_requested = ar.acr_values;
    c.auth = s.session.auth;
    c.expires_at = deps.clock.now() + deps.config.tokens.code_seconds;
    // Only a client that wants back-channel logout needs the session to remember it signed in.
    const auto* entry = deps.clients.find(ar.client_id);
    deps.store.codes().save(c, entry && !entry->client.backchannel_logout_uri.empty());
    endpoints::touch_session(deps, s.session);
    return endpoints::authorization_response(deps, ar, {{"code", code}, {"session_state", s.session.sid}});
}

http::Response ask_login(const Deps& deps, const http::Request& request, const AuthorizationRequest& ar,
                         const endpoints::ActiveSession* step_up_of);

// The last gate before a code: the service's access policy (issue 9). A professional who may not
// use it sees why and may ask for access; prompt=none gets access_denied (OIDC Core §3.1.2.6).
http::Response issue_code_if_allowed(const Deps& deps, const AuthorizationRequest& ar,
                                     const endpoints::ActiveSession& s) {
    const auto& client = deps.clients.find(ar.client_id)->client;
    const auto access = endpoints::access_to(deps, s.account, client);
    if (access == domain::ServiceAccess::allowed) return issue_code(deps, ar, s);
    if (ar.prompt_none)
        return endpoints::authorize_error(deps, errors::access_denied("the professional has no access to this service"),
                                          &ar);
    web::ServiceAccessView view;
    view.service = client.front_name.empty() ? client.name : client.front_name;
    view.request_action = deps.endpoints.access_request;
    view.client_id = client.id;
    view.portal_url = deps.endpoints.portal;
    view.csrf = web::make_csrf(web::session_csrf_binding(s.session.id_hash), deps.csrf_secret, deps.clock.now());
    view.state = "not_eligible";
    if (access == domain::ServiceAccess::not_requested) view.state = "not_requested";
    if (access == domain::ServiceAccess::pending || access == domain::ServiceAccess::refused) {
        auto record = deps.store.access().find(s.account.id, client.id);
        view.state = access == domain::ServiceAccess::pending ? "to_process" : "refused";
        if (record) {
            view.since = web::paris_date_time(access == domain::ServiceAccess::pending ? record->requested_at
                                                                                       : record->decided_at)
                             .substr(0, 10);
            view.reason = record->reason;
        }
    }
    endpoints::touch_session(deps, s.session);
    auto r = endpoints::page(403, deps.pages.render(view));
    r.set("Cache-Control", "no-store");
    return r;
}

http::Response continue_with_session(const Deps& deps, const http::Request& request, const AuthorizationRequest& ar,
                                     const std::optional<endpoints::ActiveSession>& s, bool fresh) {
    switch (judge_session(deps, ar, s ? &*s : nullptr, fresh)) {
    case SessionVerdict::usable:
        return issue_code_if_allowed(deps, ar, *s);
    case SessionVerdict::cannot_satisfy:
        return endpoints::authorize_error(
            deps, errors::access_denied("the requested authentication level is not available"), &ar);
    case SessionVerdict::other_subject:
        return endpoints::authorize_error(
            deps, errors::access_denied("the professional who logged in is not the requested sub"), &ar);
    case SessionVerdict::needs_step_up:
        if (ar.prompt_none)
            return endpoints::authorize_error(
                deps, errors::login_required("the service requires a stronger authentication than the session's"), &ar);
        return ask_login(deps, request, ar, &*s);
    case SessionVerdict::needs_reauthentication: {
        // prompt=login and max_age re-authenticate at the level the session had, never lower.
        auto again = ar;
        again.required_level = std::max(ar.required_level, domain::acr_level(s->session.auth.acr));
        return ask_login(deps, request, again, nullptr);
    }
    case SessionVerdict::needs_login:
        break;
    }
    return ask_login(deps, request, ar, nullptr);
}

// To the login page, with a new interaction; with `step_up_of`, the page asks that session's
// professional only for the missing factor.
http::Response ask_login(const Deps& deps, const http::Request& request, const AuthorizationRequest& ar,
                         const endpoints::ActiveSession* step_up_of) {
    if (ar.prompt_none)
        return endpoints::authorize_error(deps, errors::login_required("the professional must log in"), &ar);
    const auto now = deps.clock.now();
    auto interaction = deps.interactions.create(ar, request.remote_addr, now);
    if (!interaction)
        return endpoints::authorize_error(
            deps, errors::temporarily_unavailable("too many login requests from this address"), &ar);
    if (step_up_of &&
        !deps.interactions.transition(interaction->id, domain::InteractionState::awaiting_login,
                                      domain::InteractionEvent::login_needs_step_up, now, "", step_up_of->account.id))
        return endpoints::authorize_error(deps, errors::server_error("the login request could not be prepared"), &ar);
    auto r = http::Response::redirect(deps.endpoints.login + "?interaction=" + interaction->id, 303);
    r.set("Cache-Control", "no-store");
    return r;
}

// Back from the login page: the interaction holds the already validated request.
http::Response resume(const Deps& deps, const http::Request& request, const std::string& interaction_id) {
    auto interaction = deps.interactions.find(interaction_id, deps.clock.now());
    if (!interaction || !interaction->request)
        return endpoints::authorize_error(deps, errors::invalid_request("this login request has expired; start again"),
                                          nullptr);
    auto session = endpoints::current_session(deps, request);
    // The login's own session answers once: authenticated → done, compare-and-set, so a replayed
    // resume URL is treated as an ordinary request with the SSO session, never as a fresh login.
    bool fresh = session && interaction->state == domain::InteractionState::authenticated &&
                 session->session.id_hash == interaction->session_id_hash &&
                 deps.interactions.transition(interaction_id, domain::InteractionState::authenticated,
                                              domain::InteractionEvent::response_sent, deps.clock.now());
    return continue_with_session(deps, request, *interaction->request, session, fresh);
}

} // namespace

http::Response handle_authorize(http::Request& request, const Deps& deps) {
    auto params = read_params(request);
    if (!params)
        return endpoints::authorize_error(
            deps, errors::invalid_redirect_uri("the request is not correctly URL-encoded"), nullptr);
    if (params->count("interaction") == 1 && !params->has("client_id"))
        return resume(deps, request, params->get("interaction"));
    AuthorizationRequest ar;
    bool verified = false;
    if (auto error = validate(deps, *params, ar, verified))
        return endpoints::authorize_error(deps, *error, verified ? &ar : nullptr);
    return continue_with_session(deps, request, ar, endpoints::current_session(deps, request), false);
}

} // namespace esc::oidc
