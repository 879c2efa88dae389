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
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
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
            for (int k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
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

void field(std::string& out, const char* name, std::string_view value) {
    out.push_back(',');
    out.push_back('"');
    out += name;
    out += "\":";
    append_escaped(out, value);
}

} // namespace

std::string format_access_log(const AccessLogEntry& e, long long unix_ms) {
    std::string out;
    out.reserve(256);
    char buf[96];
    std::snprintf(buf, sizeof buf, "{\"ts\":%lld", unix_ms);
    out += buf;
    const Request& r = *e.request;
    field(out, "method", r.method);
    field(out, "route", r.route_name.empty() ? std::string_view("-") : std::string_view(r.route_name));
    field(out, "path", r.path);
    if (e.log_query && !r.query.empty()) field(out, "query", r.query);
    std::snprintf(buf, sizeof buf, ",\"status\":%d,\"bytes\":%zu,\"duration_ms\":%.3f", e.status, e.bytes,
                  e.duration_ms);
    out += buf;
    field(out, "remote", r.remote_addr);
    field(out, "request_id", e.request_id);
    auto ua = r.header("User-Agent");
    if (!ua.empty()) field(out, "user_agent", ua.substr(0, 200));
    out += "}\n";
    return out;
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
