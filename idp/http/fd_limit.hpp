#pragma once
#include <cstddef>
#include <string>

namespace esc::http {

// Descriptors the process needs besides its connections: listeners, SQLite (database, WAL and
// shared-memory files per thread), stdio, the blocking pool's wake-ups.
inline constexpr std::size_t kReservedDescriptors = 64;

struct DescriptorLimit {
    std::size_t soft_before = 0;
    std::size_t soft_after = 0; // after the attempt to raise it
    std::size_t hard = 0;
    bool enough = true;
    std::string message; // non-empty when the limit stays below what is needed: what to fix
};

// Checks RLIMIT_NOFILE against `max_connections` + kReservedDescriptors and raises the soft limit
// towards it (up to the hard limit) when it is lower. Without enough descriptors accept() fails
// with EMFILE under load; the server then backs off (server.cpp), but capacity is lower than
// server.max_connections says.
DescriptorLimit ensure_descriptor_limit(std::size_t max_connections);

} // namespace esc::http
