#include "app/store_open.hpp"

#include <filesystem>

namespace esc::app {

std::unique_ptr<storage::Store> open_store(const config::Config& config, int* applied) {
    auto parent = std::filesystem::path(config.database_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    auto store = storage::open_sqlite_store(config.database_path);
    int n = store->migrate();
    if (applied) *applied = n;
    return store;
}

} // namespace esc::app
