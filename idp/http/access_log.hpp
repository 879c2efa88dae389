#pragma once
#include <string>

#include "http/message.hpp"

namespace esc::http {

struct AccessLogEntry {
    const Request* request = nullptr;
    int status = 0;
    std::size_t bytes = 0;
    double duration_ms = 0;
    bool log_query = false; // false for endpoints whose query carries codes or tokens
    std::string request_id;
};

// One JSON line; never a body, a cookie, an Authorization header or (for sensitive routes) a query.
std::string format_access_log(const AccessLogEntry& entry, long long unix_ms);
// Writes a line to stdout with a single write(2), so lines from several threads never interleave.
void write_log_line(const std::string& line);

} // namespace esc::http
