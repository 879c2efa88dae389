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
    }
}

} // namespace esc::app
