#pragma once
#include "config/config.hpp"
#include "crypto/revocation.hpp"
#include "domain/time.hpp"
#include "http/metrics.hpp"
#include "mail/periodic_thread.hpp"

namespace esc::app {

// The CRLs of the card CAs ([card] crl_files), read at start (config validation already proved
// they load) and re-read every crl_refresh seconds by a background thread. Each pass reports, on
// stderr and as the esculape_card_crl_stale gauge, a file that could not be read (its previous
// CRL stays in force) and a CRL past its nextUpdate (its cards are refused until a fresh one comes).
class CardRevocation {
public:
    CardRevocation(const config::Config& config, const domain::Clock& clock, http::Metrics& metrics);
    // null when no CRL is configured (revocation is then not checked: dev_mode only).
    const crypto::CrlHolder* holder() const { return files_.empty() ? nullptr : &holder_; }
    void refresh();

private:
    std::vector<std::string> files_;
    std::string ca_pem_;
    const domain::Clock& clock_;
    http::Metrics& metrics_;
    crypto::CrlHolder holder_;
    mail::PeriodicThread thread_; // last: stopped before the rest goes
};

} // namespace esc::app
