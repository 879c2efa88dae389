#pragma once
#include <optional>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "http/message.hpp"

namespace esc::http {

// TLS 1.2+ server context: TLS 1.3, and TLS 1.2 with ECDHE + AEAD suites only. With a client CA file, a client
// certificate is *requested* but not required (CPS cards, workstation certificates); a failed verification is recorded,
// not fatal, so a handler can show a helpful page instead of a dead connection. `extra_client_ca_pem`: one more
// trusted client CA (the idp's own workstation CA), "" = none.
boost::asio::ssl::context make_server_tls_context(const std::string& cert_file, const std::string& key_file,
                                                  const std::string& client_ca_file,
                                                  const std::string& extra_client_ca_pem = "");

// The peer's certificate after the handshake, if any.
std::optional<ClientCertificate> peer_certificate(SSL* ssl);

} // namespace esc::http
