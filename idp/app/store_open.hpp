#pragma once
#include <memory>

#include "config/config.hpp"
#include "storage/store.hpp"

namespace esc::app {
// Opens the configured store, creating the database's folder on first use, and migrates it.
std::unique_ptr<storage::Store> open_store(const config::Config& config, int* applied = nullptr);
} // namespace esc::app
