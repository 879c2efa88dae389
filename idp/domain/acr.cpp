#include "domain/acr.hpp"

#include <algorithm>

#include "domain/scope.hpp"

namespace esc::domain {

std::string_view auth_mode_name(AuthMode mode) {
    switch (mode) {
    case AuthMode::password:
        return "PASSWORD";
    case AuthMode::mobile:
        return "MOBILE";
    case AuthMode::card:
        return "CARD";
    case AuthMode::certificate:
        return "CERTIFICATE";
    }
    return "PASSWORD";
}

std::optional<AuthMode> parse_auth_mode(std::string_view name) {
    for (auto mode : {AuthMode::password, AuthMode::mobile, AuthMode::card, AuthMode::certificate})
        if (auth_mode_name(mode) == name) return mode;
    return std::nullopt;
}

const std::string& acr_for(AuthMode mode, const AcrMapping& mapping) {
    switch (mode) {
    case AuthMode::password:
        return mapping.password;
    case AuthMode::mobile:
        return mapping.mobile;
    case AuthMode::card:
    case AuthMode::certificate:
        return mapping.card;
    }
    return mapping.password;
}

std::vector<std::string> amr_for(AuthMode mode) {
    switch (mode) {
    case AuthMode::password:
        return {"pwd"};
    case AuthMode::mobile:
        return {"otp", "mfa"};
    case AuthMode::card:
        return {"hwk", "sc", "pin", "mfa"};
    case AuthMode::certificate:
        return {"swk"};
    }
    return {};
}

namespace {
constexpr std::string_view kPalierCodeSystem = "1.2.250.1.213.1.5.1.1.1";

// Beside acr_for: one row per authentication mode.
struct PalierRow {
    AuthMode mode;
    std::string_view code;
};
constexpr PalierRow kPaliers[] = {
    {AuthMode::password, "APPPRIP1"},
    {AuthMode::mobile, "APPPRIP2"},
    {AuthMode::card, "APPPRIP3"},
    {AuthMode::certificate, "APPPRIP3"},
};
} // namespace

std::string palier_authentification(AuthMode mode) {
    std::string_view code = kPaliers[0].code; // never overstate: unknown = lowest
    for (const auto& row : kPaliers)
        if (row.mode == mode) code = row.code;
    return std::string(code) + "^" + std::string(kPalierCodeSystem);
}

std::string palier_authentification(std::string_view auth_mode_name) {
    return palier_authentification(parse_auth_mode(auth_mode_name).value_or(AuthMode::password));
}

int acr_level(std::string_view acr) {
    if (acr == "eidas1") return 1;
    if (acr == "eidas2") return 2;
    if (acr == "eidas3") return 3;
    return 0;
}

int auth_level(const AuthContext& auth) {
    return acr_level(auth.acr);
}

AuthContext make_auth_context(AuthMode mode, UnixTime auth_time, const AcrMapping& mapping) {
    AuthContext ctx;
    ctx.auth_time = auth_time;
    ctx.acr = acr_for(mode, mapping);
    ctx.amr = amr_for(mode);
    ctx.auth_mode = std::string(auth_mode_name(mode));
    return ctx;
}

AcrRequest make_acr_request(std::string_view acr_values, const ClaimsRequest& claims) {
    AcrRequest request;
    auto from_claims = claims.id_token_string_values("acr");
    if (!from_claims.empty()) {
        request.values = std::move(from_claims);
        request.essential = claims.id_token_essential("acr");
        return request;
    }
    // acr_values has the same space-separated shape as scope (OIDC Core §3.1.2.1); a malformed
    // value is a voluntary request we can ignore rather than fail.
    if (auto parsed = parse_scope(acr_values)) request.values = std::move(*parsed);
    return request;
}

int required_level(const AcrRequest& request) {
    int lowest = 0;
    for (const auto& v : request.values) {
        int level = acr_level(v);
        if (level > 0 && (lowest == 0 || level < lowest)) lowest = level;
    }
    return lowest;
}

bool acr_satisfied(std::string_view session_acr, const AcrRequest& request) {
    if (request.values.empty()) return true;
    int required = required_level(request);
    if (required == 0) return !request.essential;
    return acr_level(session_acr) >= required;
}

std::string acr_to_emit(std::string_view session_acr, const AcrRequest& request, bool echo_requested) {
    if (!echo_requested && !request.essential) return std::string(session_acr);
    int reached = acr_level(session_acr);
    auto it = std::find_if(request.values.begin(), request.values.end(), [&](const std::string& v) {
        int level = acr_level(v);
        return level > 0 && level <= reached;
    });
    return it != request.values.end() ? *it : std::string(session_acr);
}

} // namespace esc::domain
