#include "oidc/ciba.hpp"

#include <charconv>
#include <variant>

#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "device/mobile_requests.hpp"
#include "domain/registration.hpp"
#include "domain/scope.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "oidc/client_auth.hpp"

namespace esc::oidc {

namespace errors = domain::oauth_errors;
using domain::OAuthError;

namespace {

// login_hint: PSC sends the national id; an RPPS number or ADELI number alone is accepted too.
std::optional<domain::Account> professional_of(const Deps& deps, const std::string& hint) {
    if (auto account = deps.store.accounts().find_by_national_id(hint)) return account;
    if (auto id = domain::national_id_of(hint)) return deps.store.accounts().find_by_national_id(*id);
    return std::nullopt;
}

bool printable(const std::string& text) {
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

std::variant<nlohmann::json, OAuthError> open(const Deps& deps, const domain::Client& client,
                                              const http::FormParams& p) {
    if (!client.allows_grant(kCibaGrant))
        return errors::unauthorized_client("this client may not use CIBA (grant_types lacks " +
                                           std::string(kCibaGrant) + ")");
    auto scopes = domain::parse_scope(p.get("scope"));
    if (!scopes) return errors::invalid_scope("scope contains invalid characters");
    auto granted = domain::grantable_scopes(*scopes, client);
    if (!domain::has_scope(granted, "openid")) return errors::invalid_scope("the openid scope is required");
    if (p.has("login_hint_token") || p.has("id_token_hint"))
        return errors::invalid_request("only login_hint (the national id) identifies the professional here");
    if (p.has("user_code")) return errors::invalid_request("user_code is not supported");
    auto channel = p.get("channel");
    if (channel == "CARD")
        return errors::invalid_request("channel CARD is not available: the professional approves on the phone app");
    if (!channel.empty() && channel != "MOBILE") return errors::invalid_request("channel must be MOBILE or CARD");
    auto binding = p.get("binding_message");
    if (binding.size() > 64 || !printable(binding))
        return errors::invalid_binding_message("binding_message must be at most 64 printable characters");
    int lifetime = deps.config.mobile.request_seconds;
    if (p.has("requested_expiry")) {
        auto text = p.get("requested_expiry");
        int asked = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), asked);
        if (ec != std::errc() || end != text.data() + text.size() || asked < 1)
            return errors::invalid_request("requested_expiry must be a positive integer");
        lifetime = std::min(lifetime, asked);
    }
    auto hint = p.get("login_hint");
    if (hint.empty()) return errors::invalid_request("login_hint (the professional's national id) is required");
    auto account = professional_of(deps, hint);
    if (!account || account->status != domain::AccountStatus::active)
        return errors::unknown_user_id("login_hint names no professional with an account");
    device::NewMobileRequest what;
    what.kind = domain::MobileKind::ciba;
    what.client_id = client.id;
    what.service = binding.empty() ? client.name : client.name + " — " + binding;
    what.binding_code = binding;
    what.auth_req_id = crypto::random_token(32);
    what.scope = domain::join_scopes(granted);
    what.lifetime = lifetime;
    auto auth_req_id = what.auth_req_id;
    auto opened = device::open_request(deps, *account, std::move(what));
    if (opened.outcome == device::OpenOutcome::no_device)
        return errors::access_denied("the professional has no phone authenticator");
    if (opened.outcome == device::OpenOutcome::too_many)
        return errors::access_denied("too many requests were sent to this professional; try again later");
    return nlohmann::json{{"auth_req_id", auth_req_id},
                          {"expires_in", opened.request.expires_at - opened.request.created_at},
                          {"interval", opened.request.interval}};
}

} // namespace

http::Response handle_ciba(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.body);
    if (!params) return endpoints::token_error(errors::invalid_request("the body is not correctly URL-encoded"));
    if (auto dup = params->first_duplicate(); !dup.empty())
        return endpoints::token_error(errors::invalid_request("parameter " + dup + " is repeated"));
    auto authenticated = authenticate_client(deps, request, *params);
    if (auto* e = std::get_if<OAuthError>(&authenticated)) return endpoints::token_error(*e);
    auto outcome = open(deps, std::get<const ClientRegistry::Entry*>(authenticated)->client, *params);
    if (auto* e = std::get_if<OAuthError>(&outcome)) return endpoints::token_error(*e);
    return endpoints::json_no_store(200, std::get<nlohmann::json>(outcome));
}

} // namespace esc::oidc
