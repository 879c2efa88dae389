#include "portal/workstation_login.hpp"

#include "endpoints/deps.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"

namespace esc::portal {

bool from_workstation_ca(const Deps& deps, const http::Request& request) {
    return deps.workstation_ca && request.client_cert &&
           request.client_cert->issuer == deps.workstation_ca->subject_text();
}

std::optional<domain::WorkstationCertificate> presented_workstation_certificate(const Deps& deps,
                                                                                const http::Request& request) {
    if (!from_workstation_ca(deps, request) || !request.client_cert->verified) return std::nullopt;
    auto certificate = deps.store.workstation_certificates().find_by_serial(request.client_cert->serial);
    if (!certificate || !domain::in_force(*certificate, deps.clock.now())) return std::nullopt;
    return certificate;
}

http::Response handle_workstation_step_up(http::Request& request, const Deps& deps) {
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> pending;
    if (auto r = login_form_refused(deps, request, fields, pending)) return *r;
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    // Alone the certificate logs nobody in: it only completes a signed-in professional's password.
    if (!p || p->state != domain::InteractionState::awaiting_step_up)
        return login_page_with_error(deps, request, p,
                                     "Le certificat de poste complète une connexion par mot de passe : identifiez-vous "
                                     "d’abord.",
                                     400);
    auto certificate = presented_workstation_certificate(deps, request);
    if (!certificate || certificate->kind != domain::CertificateKind::personal ||
        certificate->account_id != p->account_id)
        return login_page_with_error(deps, request, p,
                                     "Aucun certificat de poste à votre nom n’a été présenté par ce navigateur.", 401);
    auto account = deps.store.accounts().find_by_id(p->account_id);
    if (!account || account->status != domain::AccountStatus::active) return expired(deps);
    return login_with(deps, request, *account, p, domain::LoginMethod::workstation_certificate);
}

} // namespace esc::portal
