#pragma once
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
// connection's WAL hook calls `on_commit`; once the log holds kPages, the thread runs a PASSIVE
// checkpoint, which never takes the write lock, then a short one for the tail (checkpointer.cpp).
// SQLite's own
// auto-checkpoint is off on those connections (a WAL hook replaces it). The janitor's minute
// TRUNCATE checkpoint still bounds the file if readers keep a checkpoint partial.
class Checkpointer {
public:
    static constexpr int kPages = 1000; // SQLite's default auto-checkpoint size (~4 MB)
    // Past this the committing writer checkpoints itself (a burst faster than the thread).
    static constexpr int kInlinePages = 2 * kPages;

    // `write_mutex`: the pool's in-process writer mutex (held only for the checkpoint's last step).
    Checkpointer(std::string path, WriteHealth* health, std::mutex& write_mutex);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // Installs the hook on a connection of the pool.
    void attach(sqlite3* db);
    // Checkpoints run so far (tests).
    std::uint64_t completed() const;

private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
    void loop();

    std::string path_;
    WriteHealth* health_;
    std::mutex& write_mutex_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false;
    bool stopping_ = false;
    std::uint64_t completed_ = 0;
    std::thread thread_;
};

} // namespace esc::storage::sqlite
