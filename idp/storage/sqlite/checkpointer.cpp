#include "storage/sqlite/checkpointer.hpp"

#include <sqlite3.h>

#include <memory>

#include "storage/sqlite/connection.hpp"

namespace esc::storage::sqlite {

Checkpointer::Checkpointer(std::string path, WriteHealth* health, std::mutex& write_mutex)
    : path_(std::move(path)), health_(health), write_mutex_(write_mutex), thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Checkpointer::attach(sqlite3* db) {
    sqlite3_wal_hook(db, &Checkpointer::on_commit, this);
}

std::uint64_t Checkpointer::completed() const {
    std::lock_guard lock(mutex_);
    return completed_;
}

bool Checkpointer::wait_completed(std::uint64_t count, std::chrono::milliseconds limit) const {
    std::unique_lock lock(mutex_);
    return finished_.wait_for(lock, limit, [&] { return completed_ >= count; });
}

int Checkpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
    if (pages < kPages) return SQLITE_OK;
    if (pages >= kInlinePages) {
        // The thread fell behind a burst of writes: this writer checkpoints, as SQLite's own
        // auto-checkpoint would, so that the log stays bounded whatever the write rate.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }
    auto* checkpointer = static_cast<Checkpointer*>(self);
    {
        std::lock_guard lock(checkpointer->mutex_);
        checkpointer->requested_ = true;
    }
    checkpointer->wake_.notify_one();
    return SQLITE_OK;
}

void Checkpointer::loop() {
    std::unique_ptr<Connection> connection; // opened on the first request: the file exists by then
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return requested_ || stopping_; });
        if (stopping_) return;
        requested_ = false;
        lock.unlock();
        try {
            if (!connection) connection = std::make_unique<Connection>(path_, false, health_);
            // Under the writer mutex (checkpointer.hpp): nothing is appended while the log is copied.
            std::lock_guard writers(write_mutex_);
            connection->exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const std::exception&) {
            // A failing disk is reported by the writes themselves (WriteHealth); the next commit
            // past kPages asks again.
        }
        lock.lock();
        ++completed_;
        finished_.notify_all();
    }
}

} // namespace esc::storage::sqlite
