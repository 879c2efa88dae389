#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace esc::mail {

// A background thread that runs `pass` every interval until stop(): the
// delivery loops (mail outbox, back-channel logout) share it. `pass` returns true when it should
// run again at once (a full batch: more may be waiting); exceptions are its own to report.
class PeriodicThread {
public:
    PeriodicThread() = default;
    ~PeriodicThread() { stop(); }
    PeriodicThread(const PeriodicThread&) = delete;
    PeriodicThread& operator=(const PeriodicThread&) = delete;

    void start(std::chrono::milliseconds interval, std::function<bool()> pass) {
        thread_ = std::thread([this, interval, pass = std::move(pass)] {
            std::unique_lock lock(mutex_);
            while (!stopping_) {
                lock.unlock();
                for (int i = 0; i < 50 && pass(); ++i) { // bounded, so stop() is heard
                }
                lock.lock();
                wake_.wait_for(lock, interval, [this] { return stopping_; });
            }
        });
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace esc::mail
