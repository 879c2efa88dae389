#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/jws.hpp"
#include "domain/client.hpp"

namespace esc::oidc {

// The relying parties from the configuration, with their private_key_jwt keys pre-parsed.
class ClientRegistry {
public:
    struct Entry {
        domain::Client client;
        std::vector<std::shared_ptr<crypto::PublicKey>> keys;
    };

    explicit ClientRegistry(const std::vector<domain::Client>& clients);
    const Entry* find(const std::string& client_id) const;
    const std::vector<std::string>& ids() const { return ids_; }

private:
    std::unordered_map<std::string, Entry> by_id_;
    std::vector<std::string> ids_;
};

} // namespace esc::oidc
