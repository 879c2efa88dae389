#include "oidc/authorization_request_json.hpp"

#include <variant>

#include <nlohmann/json.hpp>

namespace esc::oidc {

namespace {
// Bumped when a member changes meaning: a row of another version is refused, not misread.
constexpr int kVersion = 1;
} // namespace

std::string to_json(const AuthorizationRequest& r) {
    nlohmann::json j{
        {"v", kVersion},
        {"client_id", r.client_id},
        {"redirect_uri", r.redirect_uri},
        {"state", r.state},
        {"nonce", r.nonce},
        {"scopes", r.scopes},
        {"response_mode", r.response_mode == ResponseMode::form_post ? "form_post" : "query"},
        {"code_challenge", r.code_challenge},
        {"code_challenge_method", r.code_challenge_method},
        {"claims", r.claims_json},
        {"acr_values", r.acr_values},
        {"prompt_none", r.prompt_none},
        {"prompt_login", r.prompt_login},
        {"login_hint", r.login_hint},
        {"id_token_hint_sub", r.id_token_hint_sub},
        {"ui_locales", r.ui_locales},
        {"required_level", r.required_level},
    };
    j["max_age"] = r.max_age ? nlohmann::json(*r.max_age) : nlohmann::json(nullptr);
    return j.dump();
}

std::optional<AuthorizationRequest> authorization_request_from_json(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("v", 0) != kVersion) return std::nullopt;
    try {
        AuthorizationRequest r;
        r.client_id = j.at("client_id").get<std::string>();
        r.redirect_uri = j.at("redirect_uri").get<std::string>();
        r.state = j.at("state").get<std::string>();
        r.nonce = j.at("nonce").get<std::string>();
        r.scopes = j.at("scopes").get<domain::Scopes>();
        r.response_mode =
            j.at("response_mode").get<std::string>() == "form_post" ? ResponseMode::form_post : ResponseMode::query;
        r.code_challenge = j.at("code_challenge").get<std::string>();
        r.code_challenge_method = j.at("code_challenge_method").get<std::string>();
        r.claims_json = j.at("claims").get<std::string>();
        r.acr_values = j.at("acr_values").get<std::string>();
        r.prompt_none = j.at("prompt_none").get<bool>();
        r.prompt_login = j.at("prompt_login").get<bool>();
        if (const auto& max_age = j.at("max_age"); !max_age.is_null()) r.max_age = max_age.get<long long>();
        r.login_hint = j.at("login_hint").get<std::string>();
        r.id_token_hint_sub = j.at("id_token_hint_sub").get<std::string>();
        r.ui_locales = j.at("ui_locales").get<std::string>();
        r.required_level = j.value("required_level", 0); // absent from rows written before issue 8
        auto claims = domain::parse_claims_request(r.claims_json);
        if (!std::holds_alternative<domain::ClaimsRequest>(claims)) return std::nullopt;
        r.claims = std::get<domain::ClaimsRequest>(std::move(claims));
        r.acr = domain::make_acr_request(r.acr_values, r.claims);
        return r;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

} // namespace esc::oidc
