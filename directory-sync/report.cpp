#include "report.hpp"

#include <unistd.h>

#include <stdexcept>

namespace esc::directory_sync {

Rejects::Rejects(const std::string& path) : path_(path) {}

Rejects::~Rejects() {
    if (out_) std::fclose(out_);
}

void Rejects::add(const std::string& file, std::uint64_t line, const char* action, const std::string& reason,
                  const std::string& detail) {
    if (path_.empty()) return;
    if (!out_) {
        out_ = std::fopen(path_.c_str(), "w");
        if (!out_) throw std::runtime_error("cannot write the rejects file " + path_);
        std::fputs("file\tline\taction\treason\tdetail\n", out_);
    }
    std::string clean = detail; // one reject per line, whatever the detail holds
    for (char& c : clean)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    std::fprintf(out_, "%s\t%llu\t%s\t%s\t%s\n", file.c_str(), static_cast<unsigned long long>(line), action,
                 reason.c_str(), clean.c_str());
}

Progress::Mode Progress::detect(bool quiet) {
    if (quiet) return Mode::Quiet;
    return ::isatty(STDERR_FILENO) ? Mode::Bar : Mode::Lines;
}

void Progress::phase(const std::string& name, std::uint64_t total) {
    done();
    name_ = name;
    total_ = total;
    start_ = last_ = Clock::now();
    open_ = true;
}

void Progress::update(std::uint64_t done_units, std::uint64_t rows) {
    if (mode_ == Mode::Quiet || !open_) return;
    const auto now = Clock::now();
    const double since_last = std::chrono::duration<double>(now - last_).count();
    if (since_last < (mode_ == Mode::Bar ? 0.2 : 5.0)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double fraction = total_ ? static_cast<double>(done_units) / static_cast<double>(total_) : 0.0;
    const double rate = elapsed > 0 ? static_cast<double>(rows) / elapsed : 0.0;
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0.0;
    if (mode_ == Mode::Bar) {
        const int width = 30, filled = static_cast<int>(fraction * width);
        std::fprintf(stderr, "\r%-22s [%.*s%*s] %5.1f%% %10.0f rows/s ETA %4.0fs", name_.c_str(), filled,
                     "##############################", width - filled, "", fraction * 100, rate, eta);
    } else {
        std::fprintf(stderr, "%s: %.1f%% (%llu rows, %.0f rows/s, ETA %.0fs)\n", name_.c_str(), fraction * 100,
                     static_cast<unsigned long long>(rows), rate, eta);
    }
    std::fflush(stderr);
}

void Progress::done() {
    if (!open_) return;
    open_ = false;
    if (mode_ == Mode::Quiet) return;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (mode_ == Mode::Bar) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "%s: done in %.1fs\n", name_.c_str(), elapsed);
}

} // namespace esc::directory_sync
