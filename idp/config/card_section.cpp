#include "config/sections.hpp"
#include "config/table_reader.hpp"
#include "crypto/revocation.hpp"

namespace esc::config::detail {

// [card]: login by CPS card (TLS client certificate). The CRLs are loaded here once so that a
// wrong file, a CRL from an unknown CA or a signature that does not verify stops the start-up
// with its name, instead of refusing every card later.
void read_card(TableReader& top, Config& config, const std::string& base_dir) {
    auto& card = config.card;
    if (const toml::table* table = top.table("card")) {
        TableReader r(*table, "card", top.diag());
        r.read("enabled", card.enabled);
        r.read("ca_file", card.ca_file);
        r.read("crl_files", card.crl_files);
        r.read("crl_refresh", card.crl_refresh_seconds, 1, 86400);
        r.read("require_crl", card.require_crl);
        r.finish();
    }
    card.ca_file = resolve_path(base_dir, card.ca_file);
    for (auto& f : card.crl_files)
        f = resolve_path(base_dir, f);
    auto& diag = top.diag();
    if (!card.enabled) return;
    const std::string& ca = card.ca_file.empty() ? config.tls.client_ca_file : card.ca_file;
    if (!card.ca_file.empty() && !is_readable_file(card.ca_file)) {
        diag.error("card.ca_file", "cannot read " + card.ca_file);
        return;
    }
    if (card.crl_files.empty()) {
        // Without any CRL a revoked card would log in: tolerated only for development.
        if (ca.empty()) return;
        if (config.dev_mode)
            diag.warn("card.crl_files is empty: card logins are accepted without revocation checking (dev_mode)");
        else
            diag.error("card.crl_files", "list the CRL files of the card CAs (revoked cards must be refused); "
                                         "or set card.enabled = false");
        return;
    }
    if (ca.empty()) {
        diag.error("card.crl_files", "the CRLs need the CAs that signed them: set tls.client_ca_file or card.ca_file");
        return;
    }
    if (!is_readable_file(ca)) return; // reported with its own key (tls.client_ca_file / card.ca_file)
    auto bundle = read_file(ca).value_or("");
    for (std::size_t i = 0; i < card.crl_files.size(); ++i) {
        try {
            crypto::load_crl(card.crl_files[i], bundle);
        } catch (const std::exception& e) {
            diag.error("card.crl_files[" + std::to_string(i) + "]", e.what());
        }
    }
}

} // namespace esc::config::detail
