#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

namespace esc::portal {
// GET /account/certificates: the professional's workstation certificates and the request form.
http::Response handle_certificates_page(http::Request& request, const Deps& deps);
// POST /account/certificates: request a certificate for a named computer, or revoke one.
http::Response handle_certificates_submit(http::Request& request, const Deps& deps);
// GET/POST /certificates/withdraw: the withdrawal page, on the workstation (portal/certificate_withdrawal.cpp).
http::Response handle_withdrawal_page(http::Request& request, const Deps& deps);
http::Response handle_withdrawal_submit(http::Request& request, const Deps& deps);
// GET P/certificates/crl: the CRL of the workstation CA (PEM).
http::Response handle_workstation_crl(http::Request& request, const Deps& deps);
} // namespace esc::portal
