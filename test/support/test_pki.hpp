#pragma once
// The IGC-Santé shaped test PKI of certs/make-test-pki, built once per test process in a temporary
// directory: real certificates and CRLs (valid, expired, revoked, unknown-CA cards, a stale CRL).
#include <string>

#include "http/message.hpp"

namespace esc::test {

struct TestPki {
    std::string dir;
    std::string client_ca_file; // intermediate + root
    std::string crl_file;       // the intermediate's CRL (lists the revoked card)
    std::string root_crl_file;
    std::string stale_crl_file; // the intermediate's CRL, past its nextUpdate

    // cards/<name>.crt as PEM (name: a national id, or staff-cpe, expired, revoked, unknown-ca).
    std::string card_pem(const std::string& name) const;
    // The certificate as the TLS layer would hand it over: verified, or not with its error.
    http::ClientCertificate card(const std::string& name, bool verified = true, std::string error = "") const;
};

const TestPki& test_pki();

} // namespace esc::test
