#include "app/config_summary.hpp"

namespace esc::app {

void print_client_summary(const config::Config& config, std::ostream& out) {
    const auto& default_alg = config.tokens.default_alg;
    auto origin = [&](const std::string& alg) { return alg == default_alg ? " (tokens.default_alg)" : ""; };
    for (const auto& c : config.clients) {
        out << "client " << c.id << ": ID token " << c.id_token_signed_response_alg
            << origin(c.id_token_signed_response_alg) << ", access token " << c.access_token_signed_response_alg
            << origin(c.access_token_signed_response_alg) << ", userinfo "
            << (c.userinfo_signed_response_alg.empty() ? std::string("JSON") : c.userinfo_signed_response_alg)
            << ", refresh reuse grace " << c.refresh_reuse_grace << " s"
            << (c.allow_offline_access ? ", offline_access" : "") << (c.resource_server ? ", resource server" : "")
            << "\n";
        // The access policy and who decides, so that an operator sees a referent's territory typo.
        if (c.requires_approval || c.eligibility.restricts()) {
            out << "  access " << (c.requires_approval ? "on approval" : "restricted");
            for (const auto* codes : {&c.eligibility.professions, &c.eligibility.specialties})
                for (const auto& code : *codes)
                    out << " " << code;
            out << (c.min_acr.empty() ? "" : ", min_acr " + c.min_acr) << "\n";
        }
        for (const auto& r : c.referents) {
            out << "  referent " << r.login << ":";
            for (const auto& p : r.territory.postal_prefixes)
                out << " " << p;
            out << (r.is_default ? " (default)" : "") << "\n";
        }
    }
}

} // namespace esc::app
