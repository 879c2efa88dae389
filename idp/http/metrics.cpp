#include "http/metrics.hpp"

#include <cstdio>

namespace esc::http {

void Metrics::observe_request(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    auto& s = routes_[route];
    ++s.by_status[status];
    std::size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i])
        ++i;
    ++s.buckets[i];
    s.sum += seconds;
    ++s.count;
}

void Metrics::count_token(const std::string& grant) {
    std::lock_guard lock(mutex_);
    ++tokens_[grant];
}

void Metrics::count_login(const std::string& result) {
    std::lock_guard lock(mutex_);
    ++logins_[result];
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    char buf[64];
    out += "# HELP esculape_http_requests_total HTTP requests by route and status.\n"
           "# TYPE esculape_http_requests_total counter\n";
    for (const auto& [route, s] : routes_)
        for (const auto& [status, n] : s.by_status)
            out += "esculape_http_requests_total{route=\"" + route + "\",status=\"" + std::to_string(status) + "\"} " +
                   std::to_string(n) + "\n";
    out += "# HELP esculape_http_request_duration_seconds Time from request read to response ready.\n"
           "# TYPE esculape_http_request_duration_seconds histogram\n";
    for (const auto& [route, s] : routes_) {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
            cumulative += s.buckets[i];
            std::string le = "+Inf";
            if (i < kBuckets.size()) {
                std::snprintf(buf, sizeof buf, "%g", kBuckets[i]);
                le = buf;
            }
            out += "esculape_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + le + "\"} " +
                   std::to_string(cumulative) + "\n";
        }
        std::snprintf(buf, sizeof buf, "%.6f", s.sum);
        out += "esculape_http_request_duration_seconds_sum{route=\"" + route + "\"} " + buf + "\n";
        out +=
            "esculape_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(s.count) + "\n";
    }
    out += "# HELP esculape_tokens_issued_total Token responses by grant type.\n"
           "# TYPE esculape_tokens_issued_total counter\n";
    for (const auto& [grant, n] : tokens_)
        out += "esculape_tokens_issued_total{grant=\"" + grant + "\"} " + std::to_string(n) + "\n";
    out += "# HELP esculape_logins_total Logins (password, card, step-up) by result.\n"
           "# TYPE esculape_logins_total counter\n";
    for (const auto& [result, n] : logins_)
        out += "esculape_logins_total{result=\"" + result + "\"} " + std::to_string(n) + "\n";
    out += "# HELP esculape_card_crl_stale Card CRLs past their nextUpdate: their cards are refused (alert on > 0).\n"
           "# TYPE esculape_card_crl_stale gauge\n";
    out += "esculape_card_crl_stale " + std::to_string(stale_crls_.load()) + "\n";
    return out;
}

} // namespace esc::http
