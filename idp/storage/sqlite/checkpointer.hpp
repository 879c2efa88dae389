#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace esc::storage::sqlite {

class WriteHealth;

// Checkpoints the WAL on its own thread and connection, so that no request's commit runs a
// checkpoint (its fsyncs of the log and of the database) and waits for the disk. Each pool
// connection's WAL hook calls `on_commit`; once the log holds kPages, the thread checkpoints with
// the pool's writer mutex held, so that no other checkpoint runs meanwhile and the log, wholly
// copied, restarts at the next write (a pass without the mutex let a writer's fallback checkpoint
// fail busy and the log grow). Writers wait for it on the store workers, never on an I/O thread.
// SQLite's own auto-checkpoint is off on those connections (a WAL hook replaces it). The
// janitor's minute TRUNCATE checkpoint still bounds the file if readers keep a checkpoint partial.
class Checkpointer {
public:
    static constexpr int kPages = 1000; // SQLite's default auto-checkpoint size (~4 MB)
    // Past this the committing writer checkpoints itself (a burst faster than the thread).
    static constexpr int kInlinePages = 2 * kPages;

    // `write_mutex`: the pool's in-process writer mutex, held while checkpointing.
    Checkpointer(std::string path, WriteHealth* health, std::mutex& write_mutex);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // Installs the hook on a connection of the pool.
    void attach(sqlite3* db);
    // Checkpoints run so far (tests).
    std::uint64_t completed() const;
    // Blocks until `count` checkpoints have run, woken by the thread itself (tests); false if
    // `limit` passed first, so a broken checkpointer fails a test instead of hanging it.
    bool wait_completed(std::uint64_t count, std::chrono::milliseconds limit) const;

private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
    void loop();

    std::string path_;
    WriteHealth* health_;
    std::mutex& write_mutex_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    mutable std::condition_variable finished_;
    bool requested_ = false;
    bool stopping_ = false;
    std::uint64_t completed_ = 0;
    std::thread thread_;
};

} // namespace esc::storage::sqlite
