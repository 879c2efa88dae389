#pragma once
#include <optional>
#include <string>

#include "domain/acr.hpp"
#include "domain/claims_request.hpp"
#include "domain/scope.hpp"

namespace esc::oidc {

enum class ResponseMode { query, form_post };

// An authorization request after every check passed (OIDC Core §3.1.2.1).
struct AuthorizationRequest {
    std::string client_id;
    std::string redirect_uri;
    std::string state;
    std::string nonce;
    domain::Scopes scopes;
    ResponseMode response_mode = ResponseMode::query;
    std::string code_challenge;
    std::string code_challenge_method;
    std::string claims_json;
    domain::ClaimsRequest claims;
    domain::AcrRequest acr;
    std::string acr_values;
    bool prompt_none = false;
    bool prompt_login = false;
    std::optional<long long> max_age;
    std::string login_hint;
    std::string id_token_hint_sub; // sub of a valid id_token_hint, if one was sent
    std::string ui_locales;
    // The level the login must reach (1..3, 0 = any): the service's min_acr, an essential acr, a
    // voluntary acr_values as far as this server's methods go, and for a forced re-authentication
    // (prompt=login, max_age) the level the session had.
    int required_level = 0;
};

} // namespace esc::oidc
