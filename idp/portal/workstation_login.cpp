#include "portal/workstation_login.hpp"

#include "endpoints/deps.hpp"

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

} // namespace esc::portal
