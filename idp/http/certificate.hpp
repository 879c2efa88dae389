#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace esc::http {

// A certificate forwarded by a trusted proxy (PEM) with the proxy's verdict; nullopt when it does
// not parse, so a garbled header never reaches a handler as a certificate.
std::optional<ClientCertificate> certificate_from_pem(std::string_view pem, bool verified_by_proxy,
                                                      std::string verify_error);

} // namespace esc::http
