#include "storage/open_store.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>

#include "storage/data_files.hpp"
#include "storage/migrations.hpp"

namespace esc::storage {

namespace {

void refuse_unsafe_files(const std::string& database_path) {
    auto problems = data_file_problems(inspect_database_files(database_path));
    if (problems.empty()) return;
    std::string message = "refusing to open the database:";
    for (const auto& p : problems)
        message += "\n  " + p;
    throw std::runtime_error(message);
}

// The directories `idp migrate` creates are 0700: only the service account reads the data.
void create_private_directory(const std::filesystem::path& dir) {
    if (dir.empty() || std::filesystem::exists(dir)) return;
    mode_t previous = ::umask(077);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    ::umask(previous);
    if (ec) throw std::runtime_error("database: cannot create the directory " + dir.string() + ": " + ec.message());
}

std::unique_ptr<Store> open_sqlite(const std::string& path, StoreUse use, const std::string& migrate_command,
                                   int* applied) {
    const std::string migrate = "`" + migrate_command + "`";
    if (use == StoreUse::migrate) {
        create_private_directory(std::filesystem::path(path).parent_path());
        refuse_unsafe_files(path);
        auto store = open_sqlite_store(path, OpenMode::create_if_missing);
        int n = store->migrate();
        if (applied) *applied = n;
        return store;
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw std::runtime_error("database " + path + " does not exist: create it with " + migrate +
                                 " (only migrate creates a database; if it was deleted, restore it from a backup "
                                 "instead, or every account is lost)");
    refuse_unsafe_files(path);
    auto store = open_sqlite_store(path, OpenMode::existing_only);
    const int current = store->schema_version();
    const int latest = sqlite_migrations().empty() ? 0 : sqlite_migrations().back().version;
    if (current < latest)
        throw std::runtime_error("database " + path + " is at schema version " + std::to_string(current) +
                                 ", this idp needs version " + std::to_string(latest) + ": run " + migrate);
    if (current > latest)
        throw std::runtime_error("database " + path + " is at schema version " + std::to_string(current) +
                                 ", newer than this idp (" + std::to_string(latest) + "): run the newer binary");
    return store;
}

} // namespace

std::unique_ptr<Store> open_store(const Settings& settings, StoreUse use, const std::string& migrate_command,
                                  int* applied) {
    switch (settings.backend) {
    case Backend::sqlite:
        return open_sqlite(settings.path, use, migrate_command, applied);
    case Backend::memory:
        if (applied) *applied = 0;
        return open_memory_store();
    }
    throw std::logic_error("open_store: unknown backend");
}

} // namespace esc::storage
