#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

// Rejects file and progress display of an import run.
namespace esc::directory_sync {

// Every rejected or repaired line, one per line: file<TAB>line<TAB>action<TAB>reason<TAB>detail.
// The file is created on the first entry only.
class Rejects {
public:
    explicit Rejects(const std::string& path);
    ~Rejects();
    Rejects(const Rejects&) = delete;
    Rejects& operator=(const Rejects&) = delete;
    // action: rejected | repaired | duplicate
    void add(const std::string& file, std::uint64_t line, const char* action, const std::string& reason,
             const std::string& detail);
    const std::string& path() const { return path_; }
    bool written() const { return out_ != nullptr; }

private:
    std::string path_;
    std::FILE* out_ = nullptr;
};

// A progress bar with rate and ETA on a terminal (stderr), plain lines every few seconds
// otherwise (journald, cron mail), nothing when quiet.
class Progress {
public:
    enum class Mode { Bar, Lines, Quiet };
    explicit Progress(Mode mode) : mode_(mode) {}
    static Mode detect(bool quiet);
    void phase(const std::string& name, std::uint64_t total);
    void update(std::uint64_t done, std::uint64_t rows);
    void done();

private:
    using Clock = std::chrono::steady_clock;
    Mode mode_;
    std::string name_;
    std::uint64_t total_ = 0;
    Clock::time_point start_{}, last_{};
    bool open_ = false;
};

} // namespace esc::directory_sync
