#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <utility>
#include <vector>

#include "storage/store.hpp"

namespace esc::storage::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr std::size_t kThreadCacheSize = 8;

// WAL lets readers proceed while one writer commits; NORMAL synchronous is durable across
// application crashes and only risks the last transactions on power loss (SQLite "WAL" docs §4).
// The WAL must stay small: with a checkpoint every 10,000 pages it reached ~40 MB before the first
// one, and a refresh-heavy load filled a small disk with it (every write then failed). Checkpoint
// every 1,000 pages (SQLite's default, ~4 MB; on a pool's connections the Checkpointer thread does
// it instead of the committing request) and truncate the log back to 4 MiB after each checkpoint;
// the janitor also runs a TRUNCATE checkpoint every minute (SqliteStore::checkpoint).
constexpr const char* kPragmas = "PRAGMA journal_mode=WAL;"
                                 "PRAGMA synchronous=NORMAL;"
                                 "PRAGMA foreign_keys=ON;"
                                 "PRAGMA wal_autocheckpoint=1000;"
                                 "PRAGMA journal_size_limit=4194304;";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// umask is process-wide; it is only narrowed while a connection that may create the file opens
// (start-up or `idp migrate`, before other threads create files).
class ScopedUmask {
public:
    explicit ScopedUmask(bool active) : active_(active) {
        if (active_) previous_ = ::umask(077);
    }
    ~ScopedUmask() {
        if (active_) ::umask(previous_);
    }

private:
    bool active_;
    mode_t previous_ = 0;
};

std::string error_text(sqlite3* db, const char* what) {
    return std::string("sqlite: ") + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
}

std::atomic<std::uint64_t> next_pool_id{1};

struct ThreadCacheEntry {
    std::uint64_t pool_id;
    Connection* connection;
};

// Per-thread shortcut to this thread's connection of recently used pools. Pool ids are never
// reused, so an entry left behind by a destroyed pool can never be matched again.
thread_local std::vector<ThreadCacheEntry> thread_cache;

} // namespace

StorageError::Kind error_kind(int rc) {
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return StorageError::Kind::full;
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return StorageError::Kind::unwritable;
    default:
        return StorageError::Kind::other;
    }
}

void WriteHealth::record_failure(const std::string& reason) {
    std::lock_guard lock(mutex_);
    failed_at_ms_ = now_ms();
    reason_ = reason;
}

std::string WriteHealth::recent_failure(std::int64_t window_ms) const {
    std::lock_guard lock(mutex_);
    if (failed_at_ms_ == 0 || now_ms() - failed_at_ms_ > window_ms) return {};
    return reason_;
}

Statement::~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view value) {
    const int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail("bind", rc);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail("bind", rc);
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail("bind", rc);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step", rc);
}

void Statement::run() {
    while (step()) {
    }
}

std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!data) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void Statement::fail(const char* what, int rc) const {
    const char* sql = sqlite3_sql(stmt_);
    std::string head = sql ? std::string(sql).substr(0, 60) : std::string();
    std::string message = error_text(db_, what) + " [" + head + "]";
    auto kind = error_kind(rc);
    if (kind != StorageError::Kind::other && health_) health_->record_failure(error_text(db_, what));
    throw StorageError(message, kind);
}

Connection::Connection(const std::string& path, bool create, WriteHealth* health) : health_(health) {
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    ScopedUmask umask(create);
    if (const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
        std::string message = error_text(db_, ("cannot open " + path).c_str());
        sqlite3_close_v2(db_);
        throw StorageError(message, error_kind(rc));
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
        exec(kPragmas); // switches to WAL: creates the -wal and -shm files under the same umask
    } catch (...) {
        sqlite3_close_v2(db_);
        throw;
    }
}

Connection::~Connection() {
    for (auto& [sql, stmt] : cache_)
        sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

Statement Connection::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
            throw StorageError(error_text(db_, "prepare") + " [" + std::string(sql).substr(0, 60) + "]");
        it = cache_.emplace(sql, stmt).first;
    }
    return Statement(it->second, db_, health_);
}

void Connection::exec(const char* sql) {
    char* message = nullptr;
    if (const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message); rc != SQLITE_OK) {
        std::string text = std::string("sqlite: exec: ") + (message ? message : sqlite3_errmsg(db_));
        sqlite3_free(message);
        auto kind = error_kind(sqlite3_extended_errcode(db_));
        if (kind != StorageError::Kind::other && health_) health_->record_failure(text);
        throw StorageError(text, kind);
    }
}

std::int64_t Connection::changes() const {
    return sqlite3_changes64(db_);
}

ConnectionPool::ConnectionPool(std::string path, bool create)
    : path_(std::move(path)), id_(next_pool_id++), create_(create),
      checkpointer_(std::make_unique<Checkpointer>(path_, &health_, write_mutex_)) {
    local(); // fail at open time, not on the first request, if the file cannot be opened
}

ConnectionPool::~ConnectionPool() = default;

Connection& ConnectionPool::local() {
    for (const auto& entry : thread_cache)
        if (entry.pool_id == id_) return *entry.connection;
    return open_for_this_thread();
}

Connection& ConnectionPool::open_for_this_thread() {
    Connection* connection = nullptr;
    {
        std::lock_guard lock(mutex_);
        // A thread id may be reused after its thread ended: its connection is then idle and
        // can safely be adopted.
        auto& slot = connections_[std::this_thread::get_id()];
        if (!slot) {
            slot = std::make_unique<Connection>(path_, create_, &health_);
            checkpointer_->attach(slot->handle());
        }
        connection = slot.get();
    }
    if (thread_cache.size() >= kThreadCacheSize) thread_cache.erase(thread_cache.begin());
    thread_cache.push_back({id_, connection});
    return *connection;
}

ReadTransaction::ReadTransaction(Connection& connection) : connection_(connection) {
    connection_.prepare("BEGIN").run();
}

ReadTransaction::~ReadTransaction() {
    try {
        connection_.prepare("COMMIT").run();
    } catch (...) {
        try {
            connection_.prepare("ROLLBACK").run(); // nothing was written; just end the snapshot
        } catch (...) {
        }
    }
}

WriteTransaction::WriteTransaction(ConnectionPool& pool) : lock_(pool.write_mutex()), connection_(pool.local()) {
    // IMMEDIATE takes the write lock now: a deferred transaction that later upgrades can fail
    // with SQLITE_BUSY without waiting (SQLite "Transaction" docs, busy handler note).
    connection_.prepare("BEGIN IMMEDIATE").run();
}

WriteTransaction::~WriteTransaction() {
    if (done_) return;
    try {
        connection_.prepare("ROLLBACK").run();
    } catch (...) {
        // Nothing more to do: SQLite rolls back an unfinished transaction on its own when the
        // failing statement already aborted it.
    }
}

void WriteTransaction::commit() {
    connection_.prepare("COMMIT").run();
    done_ = true;
}

} // namespace esc::storage::sqlite
