// The withdrawal page of an approved workstation certificate, opened on the workstation from the
// first mail's link; the code comes in the second mail. On success the key pair and certificate are
// made here and leave as a PKCS#12 protected by the password typed on the page: the private key is
// never stored. One use: the approval moves to `issued` by compare-and-set.
#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "portal/workstation_certificates.hpp"
#include "web/french_time.hpp"
#include "web/request_origin.hpp"
#include "web/views/certificates.hpp"

namespace esc::portal {

namespace {

constexpr int kMinPassword = 10;
constexpr const char* kUnusable =
    "Ce lien de retrait n’est plus valable : il a déjà servi, il a expiré ou le certificat "
    "a été révoqué. Demandez un nouveau certificat depuis « Mon compte ».";

web::WithdrawalView view_for(const Deps& deps, const std::string& token,
                             const std::optional<domain::WorkstationCertificate>& c) {
    web::WithdrawalView v;
    v.action = deps.endpoints.certificate_withdraw;
    v.token = token;
    v.min_password = kMinPassword;
    if (!c || c->state != domain::CertificateState::approved || c->withdrawal_expires_at < deps.clock.now()) {
        v.error = kUnusable;
        return v;
    }
    v.workstation = c->workstation;
    v.expires = web::paris_date_time(c->withdrawal_expires_at);
    return v;
}

std::optional<domain::WorkstationCertificate> by_token(const Deps& deps, const std::string& token) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    return deps.store.workstation_certificates().find_by_withdrawal(crypto::sha256_b64url(token));
}

// "CABINET-PC2" → "esculape-CABINET-PC2.p12" (the name is already restricted to safe characters).
std::string file_name(const std::string& workstation) {
    std::string out = "esculape-";
    for (char c : workstation)
        out += c == ' ' ? '_' : c;
    return out + ".p12";
}

} // namespace

http::Response handle_withdrawal_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    auto token = params.get("token");
    auto v = view_for(deps, token, by_token(deps, token));
    return endpoints::page(v.error.empty() ? 200 : 410, deps.pages.render(v));
}

http::Response handle_withdrawal_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) {
        web::WithdrawalView refused;
        refused.error = "Ce formulaire a été envoyé depuis un autre site : ouvrez le lien reçu par e-mail.";
        return endpoints::page(403, deps.pages.render(refused));
    }
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    const auto token = form.get("token");
    auto c = by_token(deps, token);
    auto v = view_for(deps, token, c);
    if (!v.error.empty()) return endpoints::page(410, deps.pages.render(v));
    // The code is 8 digits: its guesses go through the login throttle, per withdrawal and per address.
    const std::string key = "withdrawal:" + c->id;
    auto decision = deps.throttle.check(key, request.remote_addr);
    if (!decision.allowed) {
        v.code_error = "Trop de codes erronés. Réessayez dans " +
                       std::to_string((decision.retry_after_seconds + 59) / 60) + " minutes.";
        return endpoints::page(429, deps.pages.render(v));
    }
    auto code = http::trimmed_field(form.get("code"), 64);
    std::string digits;
    for (char ch : code)
        if (ch != ' ') digits += ch;
    if (!crypto::constant_time_equals(crypto::sha256_b64url(digits), c->withdrawal_code_hash)) {
        deps.throttle.record_failure(key, request.remote_addr);
        v.code_error = "Ce code ne correspond pas : recopiez le code de retrait reçu dans le second message.";
        return endpoints::page(400, deps.pages.render(v));
    }
    const auto password = form.get("password");
    if (password.size() < kMinPassword || password.size() > 256 || password.find('\0') != std::string::npos) {
        v.password_error =
            "Le mot de passe du fichier compte au moins " + std::to_string(kMinPassword) + " caractères.";
        return endpoints::page(400, deps.pages.render(v));
    }
    if (form.get("confirmation") != password) {
        v.password_error = "Les deux mots de passe sont différents.";
        return endpoints::page(400, deps.pages.render(v));
    }
    deps.throttle.record_success(key, request.remote_addr);
    const auto now = deps.clock.now();
    crypto::IssuingCa::Subject subject;
    subject.common_name = c->workstation;
    subject.organization = "Esculape";
    if (c->kind == domain::CertificateKind::collective) {
        subject.organizational_unit = "Poste partagé";
    } else if (auto holder = deps.store.accounts().find_by_id(c->account_id)) {
        subject.organizational_unit = "Poste de " + holder->login;
    }
    const std::int64_t validity = static_cast<std::int64_t>(deps.config.workstation.validity_days) * 86400;
    auto issued = deps.workstation_ca->issue(subject, password, "Esculape — " + c->workstation, now, validity);
    auto after = nlohmann::json{{"state", "issued"}, {"serial", issued.serial_hex}, {"not_after", issued.not_after}};
    if (!deps.store.workstation_certificates().issue(
            c->id, now, issued.serial_hex, issued.not_after,
            endpoints::audit_entry(deps, request, c->requested_by, "workstation_certificate.issue",
                                   "workstation_certificate:" + c->id, R"({"state":"approved"})", after.dump()))) {
        v.error = kUnusable; // a concurrent withdrawal won: this certificate is thrown away unissued
        return endpoints::page(410, deps.pages.render(v));
    }
    http::Response r;
    r.body = issued.pkcs12;
    r.set("Content-Type", "application/x-pkcs12");
    r.set("Content-Disposition", "attachment; filename=\"" + file_name(c->workstation) + "\"");
    r.set("Cache-Control", "no-store");
    r.set("X-Content-Type-Options", "nosniff");
    return r;
}

http::Response handle_workstation_crl(http::Request&, const Deps& deps) {
    std::vector<crypto::IssuingCa::Revoked> revoked;
    for (const auto& [serial, at] : deps.store.workstation_certificates().revoked_serials())
        revoked.push_back({serial, at});
    const auto now = deps.clock.now();
    http::Response r;
    r.body = deps.workstation_ca->make_crl(revoked, now, deps.config.workstation.crl_seconds,
                                           static_cast<std::uint64_t>(now));
    r.set("Content-Type", "application/pkix-crl");
    r.set("Cache-Control", "no-cache");
    return r;
}

} // namespace esc::portal
