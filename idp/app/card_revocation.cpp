#include "app/card_revocation.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace esc::app {

namespace {
std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}
} // namespace

CardRevocation::CardRevocation(const config::Config& config, const domain::Clock& clock, http::Metrics& metrics)
    : files_(config.card.enabled ? config.card.crl_files : std::vector<std::string>{}), clock_(clock),
      metrics_(metrics) {
    if (files_.empty()) return;
    ca_pem_ = read_text(config.card.ca_file.empty() ? config.tls.client_ca_file : config.card.ca_file);
    refresh();
    thread_.start(std::chrono::seconds(config.card.crl_refresh_seconds), [this] {
        refresh();
        return false;
    });
}

void CardRevocation::refresh() {
    auto result = crypto::refresh_crls(files_, ca_pem_, *holder_.current());
    for (const auto& error : result.errors)
        std::cerr << "esculape: ALERT card CRL not refreshed, the previous one stays in force: " << error << "\n";
    auto stale = result.set->stale(clock_.now());
    for (const auto* crl : stale)
        std::cerr << "esculape: ALERT card CRL of " << crl->issuer_text << " (" << crl->file
                  << ") is past its nextUpdate: cards of this CA are refused until a fresh CRL is installed\n";
    metrics_.set_stale_crls(static_cast<int>(stale.size()));
    holder_.replace(std::move(result.set));
}

} // namespace esc::app
