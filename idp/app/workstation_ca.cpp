#include "app/workstation_ca.hpp"

#include <stdexcept>

namespace esc::app {

namespace {
constexpr const char* kContext = "issuing-ca";
constexpr std::int64_t kCaValidity = 10LL * 365 * 86400;
} // namespace

crypto::IssuingCa load_workstation_ca(storage::Store& store, const crypto::KeyEncryptionKey& kek,
                                      domain::UnixTime now) {
    auto& certs = store.workstation_certificates();
    auto stored = certs.issuing_ca();
    if (!stored) {
        auto made = crypto::make_issuing_ca("Esculape AC postes de travail", "Esculape", now, kCaValidity);
        stored = certs.keep_issuing_ca({made.certificate_pem, crypto::wrap_secret(kek, made.key_pem, kContext), now});
    }
    std::string key;
    try {
        key = crypto::unwrap_secret(kek, stored->wrapped_key, kContext);
    } catch (const crypto::KeyWrapError& e) {
        throw std::runtime_error(std::string("workstation CA: its key cannot be unwrapped (") + e.what() +
                                 "): the [keys] key-encryption key is not the one it was stored with");
    }
    return crypto::IssuingCa({key, stored->certificate_pem});
}

} // namespace esc::app
