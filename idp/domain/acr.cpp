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

std::string_view method_name(LoginMethod method) {
    switch (method) {
    case LoginMethod::password:
        return "password";
    case LoginMethod::card:
        return "card";
    case LoginMethod::mobile:
        return "mobile";
    case LoginMethod::passkey:
        return "passkey";
    case LoginMethod::ocra:
        return "ocra";
    case LoginMethod::workstation_certificate:
        return "workstation_certificate";
    }
    return "password";
}

std::optional<LoginMethod> parse_method(std::string_view name) {
    for (auto method : kLoginMethods)
        if (method_name(method) == name) return method;
    return std::nullopt;
}

std::string acr_for(LoginMethod method, const AcrMapping& mapping) {
    switch (method) {
    case LoginMethod::password:
        return mapping.password;
    case LoginMethod::card:
        return mapping.card;
    case LoginMethod::mobile:
        return mapping.mobile;
    case LoginMethod::passkey:
        return mapping.passkey;
    case LoginMethod::ocra:
        return mapping.ocra;
    case LoginMethod::workstation_certificate:
        return "";
    }
    return "";
}

AuthMode auth_mode_of(LoginMethod method) {
    switch (method) {
    case LoginMethod::password:
        return AuthMode::password;
    case LoginMethod::card:
    case LoginMethod::ocra:
        return AuthMode::card;
    case LoginMethod::mobile:
    case LoginMethod::passkey:
        return AuthMode::mobile;
    case LoginMethod::workstation_certificate:
        return AuthMode::certificate;
    }
    return AuthMode::password;
}

std::vector<std::string> amr_for(LoginMethod method) {
    switch (method) {
    case LoginMethod::password:
        return {"pwd"};
    case LoginMethod::card:
        return {"hwk", "sc", "pin", "mfa"};
    case LoginMethod::mobile:
        return {"swk", "pin", "mfa"};
    case LoginMethod::passkey:
        return {"hwk", "user", "mfa"};
    case LoginMethod::ocra:
        return {"otp", "sc", "pin", "mfa"};
    case LoginMethod::workstation_certificate:
        return {"swk"};
    }
    return {};
}

int acr_level(std::string_view acr) {
    if (acr == "eidas1") return 1;
    if (acr == "eidas2") return 2;
    if (acr == "eidas3") return 3;
    return 0;
}

std::string palier_authentification(std::string_view acr) {
    static constexpr std::string_view kCodes[] = {"APPPRIP1", "APPPRIP1", "APPPRIP2", "APPPRIP3"};
    return std::string(kCodes[acr_level(acr)]) + "^1.2.250.1.213.1.5.1.1.1";
}

int auth_level(const AuthContext& auth) {
    return acr_level(auth.acr);
}

namespace {

bool has(const std::vector<LoginMethod>& methods, LoginMethod m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
}

struct Best {
    int level = 0;
    AuthMode mode = AuthMode::password;
};

// The method (or password + workstation certificate) that gives the level; of equals, the first
// met, so the authMode follows the factor the professional gave first at that level.
Best best_of(const std::vector<LoginMethod>& methods, const AcrMapping& mapping) {
    Best best;
    for (auto m : methods) {
        int level = acr_level(acr_for(m, mapping));
        if (level > best.level) best = {level, auth_mode_of(m)};
    }
    if (has(methods, LoginMethod::password) && has(methods, LoginMethod::workstation_certificate)) {
        int level = acr_level(mapping.certificate);
        if (level > best.level) best = {level, AuthMode::certificate};
    }
    return best;
}

} // namespace

int level_of(const std::vector<LoginMethod>& methods, const AcrMapping& mapping) {
    return best_of(methods, mapping).level;
}

AuthContext make_auth_context(const std::vector<LoginMethod>& methods, UnixTime auth_time, const AcrMapping& mapping) {
    AuthContext ctx;
    ctx.auth_time = auth_time;
    auto best = best_of(methods, mapping);
    ctx.acr = best.level > 0 ? "eidas" + std::to_string(best.level) : std::string();
    ctx.auth_mode = std::string(auth_mode_name(best.mode));
    std::vector<LoginMethod> seen;
    for (auto m : methods) {
        if (has(seen, m)) continue;
        seen.push_back(m);
        ctx.methods.emplace_back(method_name(m));
        for (auto& v : amr_for(m))
            if (std::find(ctx.amr.begin(), ctx.amr.end(), v) == ctx.amr.end()) ctx.amr.push_back(std::move(v));
    }
    // Two factors given separately (a password, then a certificate or a card) are multi-factor too.
    if (seen.size() > 1 && std::find(ctx.amr.begin(), ctx.amr.end(), "mfa") == ctx.amr.end())
        ctx.amr.emplace_back("mfa");
    return ctx;
}

std::vector<LoginMethod> methods_of(const AuthContext& auth) {
    std::vector<LoginMethod> out;
    for (const auto& name : auth.methods)
        if (auto m = parse_method(name)) out.push_back(*m);
    return out;
}

AuthContext add_method(const AuthContext& current, LoginMethod method, UnixTime now, const AcrMapping& mapping) {
    auto methods = methods_of(current);
    if (!has(methods, method)) methods.push_back(method);
    return make_auth_context(methods, now, mapping);
}

std::vector<LoginMethod> methods_reaching(int required, const std::vector<LoginMethod>& already,
                                          const std::vector<LoginMethod>& available, const AcrMapping& mapping) {
    std::vector<LoginMethod> out;
    for (auto m : available) {
        auto with = already;
        if (!has(with, m)) with.push_back(m);
        if (level_of(with, mapping) >= std::max(required, 1)) out.push_back(m);
    }
    return out;
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

std::string joined_method_names(const AuthContext& auth) {
    std::string out;
    for (const auto& m : auth.methods)
        out += (out.empty() ? "" : "+") + m;
    return out.empty() ? auth.auth_mode : out;
}

} // namespace esc::domain
