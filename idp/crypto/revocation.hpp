#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

// Revocation of client certificates (CPS cards, workstation certificates) by CRL files, checked at
// login rather than in the TLS handshake: the CRLs are refreshed while the server runs, and a CRL
// past its nextUpdate must refuse logins (fail closed) with a message, not break the handshake of
// every page.
namespace esc::crypto {

// One CRL as loaded: its issuer (DER of the X.509 name, the lookup key), validity and the serials
// it lists (upper-case hex).
struct LoadedCrl {
    std::string file;
    std::string issuer_der;
    std::string issuer_text; // RFC 2253, for messages
    domain::UnixTime this_update = 0;
    domain::UnixTime next_update = 0; // 0 = none given: never stale
    std::set<std::string> revoked_serials;
};

// Reads a CRL (PEM or DER) and checks its signature against the CA of the same name in `ca_pem`
// (a bundle). Throws std::runtime_error naming what is wrong (file, signature, issuer unknown).
LoadedCrl load_crl(const std::string& file, const std::string& ca_pem);
// The same from the file's bytes (untrusted input: fuzzed), `file` naming it in messages.
LoadedCrl crl_from_bytes(const std::string& bytes, const std::string& file, const std::string& ca_pem);

enum class RevocationStatus {
    good,
    revoked,
    no_crl,     // no CRL from the certificate's issuer: refused when CRLs are required
    stale_crl,  // the issuer's CRL is past its nextUpdate: refused until it is refreshed
    unreadable, // the certificate does not parse
};

// The CRLs in force, by issuer. Immutable once built: a refresh builds a new set and swaps it in.
class CrlSet {
public:
    explicit CrlSet(std::vector<LoadedCrl> crls = {});
    RevocationStatus check(std::string_view certificate_pem, domain::UnixTime now, bool require_crl) const;
    // The CRLs past their nextUpdate at `now` (for the operator alert).
    std::vector<const LoadedCrl*> stale(domain::UnixTime now) const;
    const std::map<std::string, LoadedCrl>& by_issuer() const { return by_issuer_; }

private:
    std::map<std::string, LoadedCrl> by_issuer_;
};

// The current CrlSet shared by the request threads and the refresher.
class CrlHolder {
public:
    std::shared_ptr<const CrlSet> current() const {
        std::lock_guard lock(mutex_);
        return set_;
    }
    void replace(std::shared_ptr<const CrlSet> set) {
        std::lock_guard lock(mutex_);
        set_ = std::move(set);
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const CrlSet> set_ = std::make_shared<CrlSet>();
};

// Reloads `files`: a file that fails to load keeps the CRL the previous set had for it (an
// unreadable refresh must not forget a revocation), and its error is returned for the alert.
struct CrlRefresh {
    std::shared_ptr<const CrlSet> set;
    std::vector<std::string> errors;
};
CrlRefresh refresh_crls(const std::vector<std::string>& files, const std::string& ca_pem, const CrlSet& previous);

} // namespace esc::crypto
