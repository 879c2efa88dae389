#pragma once
#include <optional>

#include "domain/workstation_certificate.hpp"
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::portal {

// Whether the browser's TLS client certificate was issued by the idp's workstation CA (in force or
// not): such a certificate is never a CPS card.
bool from_workstation_ca(const Deps& deps, const http::Request& request);
// The workstation certificate the browser presented: verified by TLS, issued by the idp's CA, and
// in force in the store (issued, not revoked, not expired) — the store is the authority on
// revocation, so a revoked certificate is refused at once, before any CRL is fetched by anyone.
std::optional<domain::WorkstationCertificate> presented_workstation_certificate(const Deps& deps,
                                                                                const http::Request& request);

// POST .../login/workstation: the step-up of a password session by the professional's own
// workstation certificate (password + certificate = `[acr] certificate`).
http::Response handle_workstation_step_up(http::Request& request, const Deps& deps);

} // namespace esc::portal
