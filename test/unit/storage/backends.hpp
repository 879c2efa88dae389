#pragma once
// The backends the storage conformance suite (test/unit/storage/conformance/) runs against. Every
// store interface must behave the same on each: the memory backend is the reference, the others
// must match it. A case written with STORE_CASE runs once per backend, its name suffixed with the
// backend's type (`- esc::storage::test::MemoryBackend`). A PostgreSQL backend joins the list when
// it exists; until then the `[postgres]` case in postgres_test.cpp skips, saying so.
#include <memory>

#include "storage/store.hpp"
#include "temp_store.hpp"

namespace esc::storage::test {

struct MemoryBackend {
    MemoryBackend() : store_(open_memory_store()) {}
    Store& operator*() { return *store_; }
    Store* operator->() { return store_.get(); }
    // A memory store has nothing below it to re-read: the same object is the truth.
    void reopen() {}
    static constexpr const char* name = "memory";

private:
    std::unique_ptr<Store> store_;
};

struct SqliteBackend : TempStore {
    static constexpr const char* name = "sqlite";
};

} // namespace esc::storage::test

// TestType is the backend; `TestType store;` gives a fresh, migrated, empty store.
#define STORE_CASE(title)                                                                                              \
    TEMPLATE_TEST_CASE(title, "[unit][storage][conformance]", esc::storage::test::MemoryBackend,                       \
                       esc::storage::test::SqliteBackend)
