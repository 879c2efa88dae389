#pragma once
#include <memory>
#include <string>

#include "config/config.hpp"
#include "storage/store.hpp"

namespace esc::app {

enum class StoreUse {
    migrate,  // `idp migrate`: creates the database (directory 0700, files 0600) and migrates it
    existing, // every other command: the database must exist and be fully migrated
};

// Opens the configured store after checking its files (storage/data_files.hpp): refuses a
// database or directory accessible to group or others, or one that cannot be written. With
// StoreUse::existing a missing or unmigrated database is refused too: `serve` on a deleted file
// would otherwise start empty, with 0 accounts. `config_path` names the file in the messages
// (`idp migrate --config <config_path>`). Throws std::runtime_error with what to do.
std::unique_ptr<storage::Store> open_store(const config::Config& config, StoreUse use, const std::string& config_path,
                                           int* applied = nullptr);

} // namespace esc::app
