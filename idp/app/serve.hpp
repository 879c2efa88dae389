#pragma once
#include <string>

#include "config/config.hpp"

namespace esc::app {
// Wires the server from a validated configuration and runs it until SIGTERM. Returns the exit code.
// The database must exist and be migrated (`idp migrate --config <config_path>`).
int serve(const config::Config& config, const std::string& config_path);
} // namespace esc::app
