#pragma once
// The one place that names a backend: commands open "the configured store" and never a SQLite or
// memory store themselves.
#include <memory>
#include <string>

#include "storage/settings.hpp"
#include "storage/store.hpp"

namespace esc::storage {

enum class StoreUse {
    migrate,  // `idp migrate`: creates the database (directory 0700, files 0600) and migrates it
    existing, // every other command: the database must exist and be fully migrated
};

// Opens the configured store. SQLite: checks its files first (storage/data_files.hpp), refusing a
// database or directory accessible to group or others or one that cannot be written; with
// StoreUse::existing a missing, unmigrated or newer-schema database is refused too (`serve` on a
// deleted file would otherwise start empty, with 0 accounts). `migrate_command` is the command
// the messages tell the operator to run (`idp migrate --config conf/idp.toml`). Memory: a fresh,
// empty store, already at the latest schema. Throws std::runtime_error saying what to do;
// `applied` receives the number of migrations run.
std::unique_ptr<Store> open_store(const Settings& settings, StoreUse use, const std::string& migrate_command,
                                  int* applied = nullptr);

} // namespace esc::storage
