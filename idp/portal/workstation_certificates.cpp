#include "portal/workstation_certificates.hpp"

#include <variant>

#include "crypto/encoding.hpp"
#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/signed_in_form.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/views/certificates.hpp"

namespace esc::portal {

namespace {

using domain::CertificateState;

// At most this many requests waiting for an administrator per professional: the console's queue
// is not a place to flood.
constexpr std::size_t kMaxPending = 5;

web::CertificatesView view_of(const Deps& deps, const endpoints::ActiveSession& s) {
    web::CertificatesView v;
    v.action = deps.endpoints.account_certificates;
    v.csrf = web::make_csrf(web::session_csrf_binding(s.session.id_hash), deps.csrf_secret, deps.clock.now());
    for (const auto& c : deps.store.workstation_certificates().of_account(s.account.id)) {
        web::CertificateRow row;
        row.id = c.id;
        row.workstation = c.workstation;
        row.state = std::string(domain::state_label(c.state));
        row.requested = web::paris_date_time(c.requested_at);
        if (c.not_after) row.valid_until = web::paris_date_time(c.not_after);
        row.reason = c.reason;
        row.revocable = c.state == CertificateState::issued || c.state == CertificateState::approved;
        v.certificates.push_back(std::move(row));
    }
    return v;
}

http::Response request_certificate(const Deps& deps, const http::Request& request, const SignedInForm& f,
                                   web::CertificatesView& v) {
    auto name = http::trimmed_field(f.form.get("workstation"), 256);
    v.workstation_value = name;
    if (auto problem = domain::workstation_name_problem(name); !problem.empty()) {
        v.workstation_error = problem;
        return endpoints::page(400, deps.pages.render(v));
    }
    std::size_t pending = 0;
    for (const auto& c : deps.store.workstation_certificates().of_account(f.session.account.id)) {
        pending += c.state == CertificateState::requested || c.state == CertificateState::approved;
        const bool live = c.state == CertificateState::requested || c.state == CertificateState::approved ||
                          domain::in_force(c, deps.clock.now());
        if (live && c.workstation == name) {
            v.workstation_error = "Un certificat est déjà demandé ou en vigueur pour cet ordinateur : révoquez-le "
                                  "d’abord pour en demander un nouveau.";
            return endpoints::page(409, deps.pages.render(v));
        }
    }
    if (pending >= kMaxPending) {
        v.error =
            "Vous avez déjà " + std::to_string(pending) + " demandes en cours : attendez qu’elles soient traitées.";
        return endpoints::page(429, deps.pages.render(v));
    }
    if (f.session.account.email.empty()) {
        v.error = "Renseignez d’abord votre adresse e-mail dans « Mon compte » : le lien et le code de retrait y "
                  "seront envoyés.";
        return endpoints::page(400, deps.pages.render(v));
    }
    domain::WorkstationCertificate c;
    c.id = crypto::random_token(12);
    c.kind = domain::CertificateKind::personal;
    c.account_id = f.session.account.id;
    c.workstation = name;
    c.mail_to = f.session.account.email;
    c.requested_by = f.session.account.login;
    c.requested_at = deps.clock.now();
    deps.store.workstation_certificates().create(
        c, endpoints::audit_entry(deps, request, c.requested_by, "workstation_certificate.request",
                                  "workstation_certificate:" + c.id, "", domain::audit_state(c, c.state)));
    auto refreshed = view_of(deps, f.session);
    refreshed.message = "Votre demande pour « " + name +
                        " » est transmise à un administrateur. Vous recevrez le lien "
                        "et le code de retrait par e-mail dès qu’elle sera approuvée.";
    return endpoints::page(200, deps.pages.render(refreshed));
}

} // namespace

http::Response handle_certificates_page(http::Request& request, const Deps& deps) {
    auto session = endpoints::current_session(deps, request);
    if (!session) return http::Response::redirect(deps.endpoints.login, 303);
    endpoints::touch_session(deps, session->session);
    return endpoints::page(200, deps.pages.render(view_of(deps, *session)));
}

http::Response handle_certificates_submit(http::Request& request, const Deps& deps) {
    auto checked = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const auto& f = std::get<SignedInForm>(checked);
    auto v = view_of(deps, f.session);
    const auto action = f.form.get("action");
    if (action == "request") return request_certificate(deps, request, f, v);
    if (action == "revoke") {
        auto c = deps.store.workstation_certificates().find(f.form.get("certificate").substr(0, 64));
        // Someone else's certificate is answered like an unknown one.
        if (!c || c->kind != domain::CertificateKind::personal || c->account_id != f.session.account.id) {
            v.error = "Ce certificat n’existe pas, ou plus, pour votre compte.";
            return endpoints::page(404, deps.pages.render(v));
        }
        if (!deps.store.workstation_certificates().revoke(
                c->id, deps.clock.now(),
                endpoints::audit_entry(deps, request, f.session.account.login, "workstation_certificate.revoke",
                                       "workstation_certificate:" + c->id, domain::audit_state(*c, c->state),
                                       domain::audit_state(*c, CertificateState::revoked)))) {
            v.error = "Ce certificat n’est pas en vigueur : il n’y a rien à révoquer.";
            return endpoints::page(409, deps.pages.render(v));
        }
        auto refreshed = view_of(deps, f.session);
        refreshed.message = "Le certificat de « " + c->workstation +
                            " » est révoqué : il ne permet plus de se "
                            "connecter.";
        return endpoints::page(200, deps.pages.render(refreshed));
    }
    v.error = "Action inconnue.";
    return endpoints::page(400, deps.pages.render(v));
}

} // namespace esc::portal
