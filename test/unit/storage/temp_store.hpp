#pragma once
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "storage/store.hpp"

namespace esc::storage::test {

// A migrated SQLite store in a fresh temporary file, removed with its WAL files afterwards.
class TempStore {
public:
    TempStore() : path_(unique_path()) {
        store_ = open_sqlite_store(path_.string());
        store_->migrate();
    }
    ~TempStore() {
        store_.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::error_code ignored;
            std::filesystem::remove(path_.string() + suffix, ignored);
        }
    }
    TempStore(const TempStore&) = delete;
    TempStore& operator=(const TempStore&) = delete;

    Store& operator*() { return *store_; }
    Store* operator->() { return store_.get(); }
    const std::filesystem::path& path() const { return path_; }
    // Closes and reopens the file, to check what really reached the database.
    void reopen() {
        store_.reset();
        store_ = open_sqlite_store(path_.string());
    }

private:
    static std::filesystem::path unique_path() {
        std::random_device random;
        return std::filesystem::temp_directory_path() /
               ("esc-storage-test-" + std::to_string(random()) + std::to_string(random()) + ".db");
    }

    std::filesystem::path path_;
    std::unique_ptr<Store> store_;
};

} // namespace esc::storage::test
