#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "storage/sqlite/checkpointer.hpp"
#include "storage/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

// Thin RAII layer over the SQLite C API: one connection per thread, statements prepared once per
// connection, and one in-process writer at a time (SQLite allows a single writer; queuing on a
// mutex is cheaper than spinning in the busy handler, which sleeps in steps of milliseconds).
namespace esc::storage::sqlite {

// The last write that failed because the disk is full or a file is read-only, shared by the
// connections of one pool so that readiness can report it (a small probe write may still fit
// into the already allocated write-ahead log while real writes fail).
class WriteHealth {
public:
    void record_failure(const std::string& reason);
    // The reason of a failure recorded within the last `window_ms`, or "".
    std::string recent_failure(std::int64_t window_ms) const;

private:
    mutable std::mutex mutex_;
    std::int64_t failed_at_ms_ = 0;
    std::string reason_;
};

// A cached prepared statement borrowed for one execution: reset and unbound on destruction,
// so a read never keeps its snapshot open (which would block WAL checkpoints).
class Statement {
public:
    Statement(sqlite3_stmt* stmt, sqlite3* db, WriteHealth* health = nullptr) : stmt_(stmt), db_(db), health_(health) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& bind_null(int index);

    // Binds the arguments to parameters 1..N in order.
    template <typename... Args> Statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    bool step(); // true when a row is available, false when done; throws StorageError otherwise
    void run();  // steps to completion, ignoring rows
    std::string text(int column) const;
    std::int64_t int64(int column) const;
    bool is_null(int column) const;

private:
    [[noreturn]] void fail(const char* what, int rc) const;
    sqlite3_stmt* stmt_;
    sqlite3* db_;
    WriteHealth* health_;
};

// Maps an SQLite result code to the kind callers act on (full disk, read-only file, other).
StorageError::Kind error_kind(int rc);

class Connection {
public:
    // `create`: make the file if missing (with umask 077, so the database, its WAL and SHM are
    // 0600: SQLite gives the WAL and SHM the database file's mode).
    explicit Connection(const std::string& path, bool create = true, WriteHealth* health = nullptr);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // `sql` must have static storage (a string literal): the cache is keyed by its address.
    Statement prepare(const char* sql);
    // Runs a script of several statements, uncached (migrations).
    void exec(const char* sql);
    std::int64_t changes() const;
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
    WriteHealth* health_ = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// One connection per thread, a writer mutex, and a checkpointer thread (checkpointer.hpp).
class ConnectionPool {
public:
    // `create`: the first connection may create the file (see Connection).
    explicit ConnectionPool(std::string path, bool create = true);
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;
    ~ConnectionPool();

    // The calling thread's connection, opened on first use. Connections live as long as the pool.
    Connection& local();
    std::mutex& write_mutex() { return write_mutex_; }
    WriteHealth& health() { return health_; }
    const Checkpointer& checkpointer() const { return *checkpointer_; }

private:
    Connection& open_for_this_thread();

    std::string path_;
    WriteHealth health_;
    std::uint64_t id_; // unique for the life of the process: stale thread caches never match
    bool create_;
    std::mutex write_mutex_;
    // Declared before the connections, so it outlives them (their WAL hooks point at it).
    std::unique_ptr<Checkpointer> checkpointer_;
    std::mutex mutex_;
    std::unordered_map<std::thread::id, std::unique_ptr<Connection>> connections_;
};

// Holds the writer mutex for one auto-committed write statement.
class WriteLock {
public:
    explicit WriteLock(ConnectionPool& pool) : lock_(pool.write_mutex()), connection_(pool.local()) {}
    Connection& connection() { return connection_; }

private:
    std::lock_guard<std::mutex> lock_;
    Connection& connection_;
};

// One snapshot for several reads (WAL readers never block nor wait for the writer).
class ReadTransaction {
public:
    explicit ReadTransaction(Connection& connection);
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction();

private:
    Connection& connection_;
};

// BEGIN IMMEDIATE ... COMMIT under the writer mutex; rolls back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(ConnectionPool& pool);
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction();

    Connection& connection() { return connection_; }
    void commit();

private:
    std::lock_guard<std::mutex> lock_;
    Connection& connection_;
    bool done_ = false;
};

} // namespace esc::storage::sqlite
