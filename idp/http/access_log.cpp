#include "http/access_log.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace esc::http {

std::string format_access_log(const AccessLogEntry& e, long long unix_ms) {
    nlohmann::json j;
    j["ts"] = unix_ms;
    j["method"] = e.request->method;
    j["route"] = e.request->route_name.empty() ? "-" : e.request->route_name;
    j["path"] = e.request->path;
    if (e.log_query && !e.request->query.empty()) j["query"] = e.request->query;
    j["status"] = e.status;
    j["bytes"] = e.bytes;
    j["duration_ms"] = std::round(e.duration_ms * 1000) / 1000;
    j["remote"] = e.request->remote_addr;
    j["request_id"] = e.request_id;
    auto ua = e.request->header("User-Agent");
    if (!ua.empty()) j["user_agent"] = std::string(ua.substr(0, 200));
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_log_line(const std::string& line) {
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(STDOUT_FILENO, p, left);
        if (n <= 0) return; // a closed stdout must never take the server down
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

} // namespace esc::http
