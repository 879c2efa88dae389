#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

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

// Builder of one JSON log line: `{"ts":<unix ms>` then fields. Every name and value goes through
// the same JSON string escaping (RFC 8259 §7; invalid UTF-8 becomes U+FFFD), so no text taken
// from a request or an exception can break a line or forge another one. Every log line the
// server writes is built here.
class LogLine {
public:
    explicit LogLine(long long unix_ms);
    LogLine& str(std::string_view name, std::string_view value);
    LogLine& num(std::string_view name, long long value);
    LogLine& num(std::string_view name, double value, int decimals);
    // The line with its closing brace and '\n'.
    std::string finish() &&;

private:
    std::string out_;
};

// A non-request event ({"ts","level","event",...fields}), e.g. an unhandled exception or an
// accept() failure.
std::string format_event_log(std::string_view level, std::string_view event,
                             std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                             long long unix_ms);

// One JSON line; never a body, a cookie, an Authorization header or (for sensitive routes) a query.
std::string format_access_log(const AccessLogEntry& entry, long long unix_ms);
// Writes a line to stdout with a single write(2), so lines from several threads never interleave.
void write_log_line(const std::string& line);

} // namespace esc::http
