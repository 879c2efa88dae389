#include "config/sections.hpp"
#include "config/table_reader.hpp"
#include "domain/passkey_rp.hpp"

namespace esc::config::detail {

// [passkey]: a browser binds a passkey to a host name (the WebAuthn relying party id) and refuses
// IP addresses, so an issuer on an IP address cannot offer passkeys: said here, not at the first use.
void read_passkey(TableReader& top, Config& config) {
    const toml::table* table = top.table("passkey");
    if (!table) return;
    TableReader r(*table, "passkey", top.diag());
    auto& p = config.passkey;
    r.read("enabled", p.enabled);
    r.read("ceremony_lifetime", p.ceremony_seconds, 30, 900);
    r.finish();
    if (p.enabled && domain::webauthn_rp_id(config.issuer).empty())
        top.diag().error("passkey.enabled", "passkeys need an issuer on a host name (the WebAuthn relying party id), "
                                            "not an IP address: use e.g. https://localhost:8443/… or a DNS name");
}

} // namespace esc::config::detail
