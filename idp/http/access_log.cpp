#include "http/access_log.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace esc::http {

namespace {

// JSON string escaping (RFC 8259 §7); bytes that are not valid UTF-8 are replaced, so one odd
// User-Agent can never make a log line unparsable.
void append_escaped(std::string& out, std::string_view s) {
    out.push_back('"');
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
            bool valid = len > 0 && i + len <= s.size();
            for (int k = 1; valid && k < len; ++k)
                valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
            if (valid) {
                out.append(s.substr(i, len));
                i += len - 1;
            } else {
                out += "\\ufffd";
            }
        }
    }
    out.push_back('"');
}

} // namespace

LogLine::LogLine(long long unix_ms) {
    out_.reserve(256);
    out_ += "{\"ts\":";
    out_ += std::to_string(unix_ms);
}

LogLine& LogLine::str(std::string_view name, std::string_view value) {
    out_.push_back(',');
    append_escaped(out_, name);
    out_.push_back(':');
    append_escaped(out_, value);
    return *this;
}

LogLine& LogLine::num(std::string_view name, long long value) {
    out_.push_back(',');
    append_escaped(out_, name);
    out_.push_back(':');
    out_ += std::to_string(value);
    return *this;
}

LogLine& LogLine::num(std::string_view name, double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::isfinite(value) ? value : 0.0);
    out_.push_back(',');
    append_escaped(out_, name);
    out_.push_back(':');
    out_ += buf;
    return *this;
}

std::string LogLine::finish() && {
    out_ += "}\n";
    return std::move(out_);
}

std::string format_access_log(const AccessLogEntry& e, long long unix_ms) {
    const Request& r = *e.request;
    LogLine line(unix_ms);
    line.str("method", r.method);
    line.str("route", r.route_name.empty() ? std::string_view("-") : std::string_view(r.route_name));
    line.str("path", r.path);
    if (e.log_query && !r.query.empty()) line.str("query", r.query);
    line.num("status", e.status).num("bytes", static_cast<long long>(e.bytes)).num("duration_ms", e.duration_ms, 3);
    line.str("remote", r.remote_addr);
    line.str("request_id", e.request_id);
    auto ua = r.header("User-Agent");
    if (!ua.empty()) line.str("user_agent", ua.substr(0, 200));
    return std::move(line).finish();
}

std::string format_event_log(std::string_view level, std::string_view event,
                             std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                             long long unix_ms) {
    LogLine line(unix_ms);
    line.str("level", level).str("event", event);
    for (const auto& [name, value] : fields)
        line.str(name, value);
    return std::move(line).finish();
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
