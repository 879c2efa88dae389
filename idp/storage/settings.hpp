#pragma once
// What `[storage]` of idp.toml says about the store: read and validated by config/, opened by
// storage::open_store (storage/open_store.hpp), the one place that names a backend.
#include <string>

namespace esc::storage {

enum class Backend {
    sqlite, // one file (and its -wal/-shm); several nodes on one host share it
    memory, // this process only, nothing kept at exit: dev_mode demos and tests
};

struct Settings {
    Backend backend = Backend::sqlite;
    std::string path = "var/esculape.db"; // sqlite: the database file
};

} // namespace esc::storage
