#include "admin/console_certificates.hpp"

#include <variant>

#include "admin/console_guard.hpp"
#include "crypto/encoding.hpp"
#include "crypto/ocra.hpp"
#include "domain/mail.hpp"
#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "portal/outgoing_mail.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/mails.hpp"
#include "web/views/certificates.hpp"

namespace esc::admin {

namespace {

using domain::CertificateState;

web::CertificateRow row_of(const Deps& deps, const domain::WorkstationCertificate& c) {
    web::CertificateRow row;
    row.id = c.id;
    row.workstation = c.workstation;
    if (c.kind == domain::CertificateKind::collective) {
        row.holder = "Poste partagé — " + c.site;
    } else {
        auto account = deps.store.accounts().find_by_id(c.account_id);
        row.holder = account ? account->login : "compte supprimé";
    }
    row.state = std::string(domain::state_label(c.state));
    row.requested = web::paris_date_time(c.requested_at);
    if (c.not_after) row.valid_until = web::paris_date_time(c.not_after);
    row.revocable = true;
    return row;
}

web::ConsoleCertificatesView view_of(const Deps& deps, const ConsoleAccess& access) {
    web::ConsoleCertificatesView v;
    v.action = deps.endpoints.console_certificates;
    v.csrf =
        web::make_csrf(web::session_csrf_binding(access.session.session.id_hash), deps.csrf_secret, deps.clock.now());
    v.administrator = access.session.account.login;
    v.audit_url = deps.endpoints.console_audit;
    auto& store = deps.store.workstation_certificates();
    for (const auto& c : store.in_state(CertificateState::requested, 200))
        v.requested.push_back(row_of(deps, c));
    for (auto state : {CertificateState::approved, CertificateState::issued})
        for (const auto& c : store.in_state(state, 500))
            v.active.push_back(row_of(deps, c));
    return v;
}

// Approves `c`: the withdrawal link and its code, in two mails queued with the decision.
bool approve(const Deps& deps, const http::Request& request, const ConsoleAccess& access,
             const domain::WorkstationCertificate& c) {
    const auto now = deps.clock.now();
    const auto expires = now + deps.config.workstation.withdrawal_seconds;
    const auto token = crypto::random_token(32);
    const auto code = crypto::ocra_numeric_challenge(8); // 8 random digits, typed on the workstation
    std::string greeting = "responsable du poste";
    if (c.kind == domain::CertificateKind::personal)
        if (auto holder = deps.store.accounts().find_by_id(c.account_id))
            greeting = portal::greeting_name(deps, *holder);
    web::WithdrawalLinkMail link;
    link.greeting_name = greeting;
    link.workstation = c.workstation;
    link.withdraw_url = portal::public_base(deps) + deps.endpoints.certificate_withdraw + "?token=" + token;
    link.expires = web::paris_date_time(expires);
    web::WithdrawalCodeMail code_mail{greeting, c.workstation, code};
    std::vector<domain::OutboundMail> mails = {
        portal::outgoing(c.mail_to, web::render_mail(deps.pages, link), now),
        portal::outgoing(c.mail_to, web::render_mail(deps.pages, code_mail), now + 1), // the link first
    };
    return deps.store.workstation_certificates().approve(
        c.id, access.session.account.login, now, crypto::sha256_b64url(token), crypto::sha256_b64url(code), expires,
        mails,
        endpoints::audit_entry(deps, request, access.session.account.login, "workstation_certificate.approve",
                               "workstation_certificate:" + c.id, domain::audit_state(c, CertificateState::requested),
                               domain::audit_state(c, CertificateState::approved)));
}

http::Response create_collective(const Deps& deps, const http::Request& request, const ConsoleAccess& access,
                                 web::ConsoleCertificatesView& v) {
    const auto& form = access.form;
    auto name = http::trimmed_field(form.get("workstation"), 256);
    auto site = http::trimmed_field(form.get("site"), 512);
    auto mail_to = http::trimmed_field(form.get("mail_to"), 512);
    v.workstation_value = name;
    v.site_value = site;
    v.mail_value = mail_to;
    v.workstation_error = domain::workstation_name_problem(name);
    if (site.empty() || site.size() > 120) v.site_error = "Indiquez où se trouve le poste (120 caractères au plus).";
    if (!domain::is_mail_address(mail_to))
        v.mail_error = "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.";
    if (!v.workstation_error.empty() || !v.site_error.empty() || !v.mail_error.empty())
        return endpoints::page(400, deps.pages.render(v));
    domain::WorkstationCertificate c;
    c.id = crypto::random_token(12);
    c.kind = domain::CertificateKind::collective;
    c.workstation = name;
    c.site = site;
    c.mail_to = mail_to;
    c.requested_by = access.session.account.login;
    c.requested_at = deps.clock.now();
    deps.store.workstation_certificates().create(
        c, endpoints::audit_entry(deps, request, c.requested_by, "workstation_certificate.request",
                                  "workstation_certificate:" + c.id, "",
                                  domain::audit_state(c, CertificateState::requested)));
    approve(deps, request, access, c);
    auto refreshed = view_of(deps, access);
    refreshed.message = "Le certificat collectif de « " + name +
                        " » est approuvé : le lien puis le code de retrait "
                        "partent à " +
                        mail_to + ".";
    return endpoints::page(200, deps.pages.render(refreshed));
}

} // namespace

http::Response handle_console_certificates(http::Request& request, const Deps& deps) {
    auto checked = console_access(request, deps, false);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    return endpoints::page(200, deps.pages.render(view_of(deps, std::get<ConsoleAccess>(checked))));
}

http::Response handle_console_certificates_submit(http::Request& request, const Deps& deps) {
    auto checked = console_access(request, deps, true);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const auto& access = std::get<ConsoleAccess>(checked);
    auto v = view_of(deps, access);
    const auto action = access.form.get("action");
    if (action == "collective") return create_collective(deps, request, access, v);
    auto c = deps.store.workstation_certificates().find(access.form.get("certificate").substr(0, 64));
    if (!c) {
        v.error = "Ce certificat n’existe pas.";
        return endpoints::page(404, deps.pages.render(v));
    }
    const auto& admin = access.session.account.login;
    bool done = false;
    std::string message;
    if (action == "approve") {
        // Separation of duties: another administrator approves one's own certificate.
        if (c->kind == domain::CertificateKind::personal && c->account_id == access.session.account.id) {
            v.error = "C’est votre propre demande : un autre administrateur l’approuve.";
            return endpoints::page(403, deps.pages.render(v));
        }
        done = approve(deps, request, access, *c);
        message = "Demande approuvée : le lien puis le code de retrait partent à " + c->mail_to + ".";
    } else if (action == "refuse") {
        auto reason = http::trimmed_field(access.form.get("reason"), 800);
        if (reason.size() > 200) {
            v.error = "Le motif compte au plus 200 caractères.";
            return endpoints::page(400, deps.pages.render(v));
        }
        done = deps.store.workstation_certificates().refuse(
            c->id, admin, reason, deps.clock.now(),
            endpoints::audit_entry(deps, request, admin, "workstation_certificate.refuse",
                                   "workstation_certificate:" + c->id, domain::audit_state(*c, c->state),
                                   domain::audit_state(*c, CertificateState::refused)));
        message = "Demande refusée.";
    } else if (action == "revoke") {
        done = deps.store.workstation_certificates().revoke(
            c->id, deps.clock.now(),
            endpoints::audit_entry(deps, request, admin, "workstation_certificate.revoke",
                                   "workstation_certificate:" + c->id, domain::audit_state(*c, c->state),
                                   domain::audit_state(*c, CertificateState::revoked)));
        message = "Certificat révoqué : il ne permet plus de se connecter.";
    } else {
        v.error = "Action inconnue.";
        return endpoints::page(400, deps.pages.render(v));
    }
    if (!done) {
        v.error = "Ce certificat a changé d’état entre-temps (« " + std::string(domain::state_label(c->state)) +
                  " ») : rien n’a été fait.";
        return endpoints::page(409, deps.pages.render(v));
    }
    auto refreshed = view_of(deps, access);
    refreshed.message = message;
    return endpoints::page(200, deps.pages.render(refreshed));
}

} // namespace esc::admin
