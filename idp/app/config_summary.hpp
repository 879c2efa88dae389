#pragma once
#include <ostream>

#include "config/config.hpp"

namespace esc::app {

// What `idp check-config` prints after "configuration is valid": per client, the algorithms its
// tokens end up signed with (its own setting or tokens.default_alg) and the token options that
// differ between clients, so an operator sees the effect of the defaults.
void print_client_summary(const config::Config& config, std::ostream& out);

} // namespace esc::app
