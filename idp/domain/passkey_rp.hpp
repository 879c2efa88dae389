#pragma once
#include <string>
#include <string_view>

namespace esc::domain {

// The WebAuthn relying party id of a server at `issuer`: its host name, lower-cased; "" when the
// host is an IP address (browsers refuse those as RP ids) or the URL has none.
std::string webauthn_rp_id(std::string_view issuer);

} // namespace esc::domain
