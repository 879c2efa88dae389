#pragma once
#include "config/config.hpp"

namespace esc::app {
// Wires the server from a validated configuration and runs it until SIGTERM. Returns the exit code.
int serve(const config::Config& config);
} // namespace esc::app
