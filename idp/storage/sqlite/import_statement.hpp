#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/store.hpp"

// A prepared statement of the bulk import connection. Unlike Statement (connection.hpp), text is
// bound SQLITE_STATIC: the caller's strings outlive run(), so SQLite copies nothing — the import
// binds some 60 million values on a full national file.
namespace esc::storage::sqlite {

class ImportStatement {
public:
    ImportStatement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
            throw StorageError(std::string("sqlite: prepare: ") + sqlite3_errmsg(db) + " [" + sql.substr(0, 60) + "]");
    }
    ~ImportStatement() { sqlite3_finalize(stmt_); }
    ImportStatement(const ImportStatement&) = delete;
    ImportStatement& operator=(const ImportStatement&) = delete;

    ImportStatement& text(int index, std::string_view value) {
        check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC));
        return *this;
    }
    ImportStatement& text_or_null(int index, std::string_view value) {
        return value.empty() ? null(index) : text(index, value);
    }
    ImportStatement& integer(int index, std::int64_t value) {
        check(sqlite3_bind_int64(stmt_, index, value));
        return *this;
    }
    ImportStatement& null(int index) {
        check(sqlite3_bind_null(stmt_, index));
        return *this;
    }
    // Steps to completion and resets (bindings are all rebound before the next run).
    void run() {
        int rc;
        while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
        }
        sqlite3_reset(stmt_);
        if (rc != SQLITE_DONE)
            throw StorageError(std::string("sqlite: step: ") + sqlite3_errmsg(db_) + " [" +
                               std::string(sqlite3_sql(stmt_)).substr(0, 60) + "]");
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) throw StorageError(std::string("sqlite: bind: ") + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// Runs one SQL script (no parameters) on the import connection.
inline void import_exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = std::string("sqlite: exec: ") + (message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        throw StorageError(text + " [" + sql.substr(0, 60) + "]");
    }
}

} // namespace esc::storage::sqlite
