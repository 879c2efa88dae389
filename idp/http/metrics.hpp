#pragma once
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

// Prometheus text exposition (format 0.0.4) of the few counters operators need.
namespace esc::http {

class Metrics {
public:
    static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};

    void observe_request(const std::string& route, int status, double seconds);
    void count_token(const std::string& grant);
    void count_login(const std::string& result); // success | failure | throttled | step_up | card_refused
    // Card CRLs past their nextUpdate (cards of their CA are refused until a fresh one is read).
    void set_stale_crls(int count) { stale_crls_ = count; }
    std::string render() const;

private:
    struct RouteStats {
        std::map<int, std::uint64_t> by_status;
        std::array<std::uint64_t, kBuckets.size() + 1> buckets{};
        double sum = 0;
        std::uint64_t count = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::string, RouteStats> routes_;
    std::map<std::string, std::uint64_t> tokens_;
    std::map<std::string, std::uint64_t> logins_;
    std::atomic<int> stale_crls_{0};
};

} // namespace esc::http
