#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

// The IdP's own small certificate authority for workstation certificates: a certificate installed
// on a computer and presented as a TLS client certificate at login (with a password: eidas2). It
// issues them as password-protected PKCS#12 files and publishes their revocations as a CRL, which
// crypto/revocation.hpp loads like the card CAs' CRLs.
namespace esc::crypto {

// A CA key (unencrypted PKCS#8 PEM: wrap it before storing, see key_wrap.hpp) and its certificate.
struct CaMaterial {
    std::string key_pem;
    std::string certificate_pem;
};

// A new CA: P-256 key, self-signed, subject "CN=<common_name>,O=<organization>,C=FR",
// basicConstraints critical CA:TRUE pathlen 0 (it issues end-entity certificates only), keyUsage
// critical keyCertSign + cRLSign, subjectKeyIdentifier; valid from now - 60 s to now +
// validity_seconds. Throws std::invalid_argument for a bad argument, std::runtime_error if OpenSSL
// fails.
CaMaterial make_issuing_ca(std::string_view common_name, std::string_view organization, domain::UnixTime now,
                           std::int64_t validity_seconds);

// A loaded CA. Immutable once built, so one instance (or copies of it, which share the state) may
// be used from several threads.
class IssuingCa {
public:
    // Throws std::runtime_error naming what is wrong: unreadable (or passphrase-protected) key,
    // unreadable certificate, key not matching the certificate, certificate not a CA, or a CA not
    // allowed to sign certificates and CRLs (keyUsage).
    explicit IssuingCa(const CaMaterial& material);

    const std::string& certificate_pem() const;
    std::string subject_text() const; // RFC 2253

    // Empty organizational_unit or organization are left out of the certificate's subject.
    struct Subject {
        std::string common_name;
        std::string organizational_unit;
        std::string organization;
    };
    struct Issued {
        std::string serial_hex;      // upper-case hex as BN_bn2hex prints it, as revocation.cpp compares
        std::string certificate_pem; // the certificate alone, for the registry of issued certificates
        std::string pkcs12;          // DER: key + certificate + CA certificate, for the workstation
        domain::UnixTime not_before = 0;
        domain::UnixTime not_after = 0;
    };

    // A fresh P-256 key and a client-authentication certificate for it (CA:FALSE, keyUsage critical
    // digitalSignature, extendedKeyUsage clientAuth, authority and subject key identifiers, random
    // 127-bit serial), valid from now - 60 s to now + validity_seconds, packed with the CA certificate
    // into a PKCS#12 protected by `password` (UTF-8; keys and certificates under PBES2 with
    // PBKDF2-HMAC-SHA256 and AES-256-CBC, MAC HMAC-SHA256), both bags named `friendly_name` (UTF-8,
    // may be empty). The private key is nowhere else. Throws std::invalid_argument for an empty
    // common name or password, a NUL in the password or friendly name, a subject field too long for
    // X.509, or a validity not within the CA's; std::runtime_error if OpenSSL fails.
    Issued issue(const Subject& subject, std::string_view password, std::string_view friendly_name,
                 domain::UnixTime now, std::int64_t validity_seconds) const;

    struct Revoked {
        std::string serial_hex; // any case, as in Issued::serial_hex
        domain::UnixTime revoked_at = 0;
    };
    // A PEM CRL v2 signed by the CA: lastUpdate = now, nextUpdate = now + next_update_seconds,
    // cRLNumber = crl_number (RFC 5280 §5.2.3: increase it with every CRL), authorityKeyIdentifier;
    // one entry per distinct serial (the earliest date when listed twice). Throws
    // std::invalid_argument for a serial that is not positive hex or a non-positive
    // next_update_seconds.
    std::string make_crl(const std::vector<Revoked>& revoked, domain::UnixTime now, std::int64_t next_update_seconds,
                         std::uint64_t crl_number) const;

private:
    struct State;
    std::shared_ptr<const State> state_;
};

} // namespace esc::crypto
