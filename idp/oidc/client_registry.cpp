#include "oidc/client_registry.hpp"

namespace esc::oidc {

ClientRegistry::ClientRegistry(const std::vector<domain::Client>& clients) {
    for (const auto& c : clients) {
        Entry e{c, {}};
        if (!c.jwks_json.empty()) e.keys = crypto::public_keys_from_jwks(c.jwks_json);
        ids_.push_back(c.id);
        by_id_.emplace(c.id, std::move(e));
    }
}

const ClientRegistry::Entry* ClientRegistry::find(const std::string& client_id) const {
    auto it = by_id_.find(client_id);
    return it == by_id_.end() ? nullptr : &it->second;
}

} // namespace esc::oidc
