#pragma once
#include <string>

namespace esc::app {

// `idp dev-cert --out DIR`: a self-signed P-256 certificate for localhost, 127.0.0.1 and ::1
// (DIR/server.crt, DIR/server.key), for development and tests only. Keeps existing files.
// Returns false with `error` set when it cannot write them.
bool write_dev_certificate(const std::string& dir, std::string& error);

} // namespace esc::app
