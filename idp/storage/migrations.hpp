#pragma once
#include <string>
#include <vector>

namespace esc::storage {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// Generated at build time from storage/migrations/sqlite/NNNN_*.sql, in version order.
const std::vector<Migration>& sqlite_migrations();

} // namespace esc::storage
