#pragma once

namespace esc::app {

// `idp <command> [options]`: serve (default), migrate, demo-seed, keys rotate|list,
// check-config, dev-cert. Returns the process exit code.
int run_cli(int argc, char** argv);

} // namespace esc::app
