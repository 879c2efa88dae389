#include "http/framing.hpp"

#include "http/message.hpp"

namespace esc::http {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The comma-separated elements of every line of a list-valued field (RFC 9110 §5.6.1), empty ones dropped.
std::vector<std::string_view> elements(const std::vector<std::string_view>& lines) {
    std::vector<std::string_view> out;
    for (auto line : lines) {
        std::size_t pos = 0;
        while (pos <= line.size()) {
            auto comma = line.find(',', pos);
            if (comma == std::string_view::npos) comma = line.size();
            auto item = trim(line.substr(pos, comma - pos));
            if (!item.empty()) out.push_back(item);
            pos = comma + 1;
        }
    }
    return out;
}

// RFC 9110 §7.2: Host = uri-host [ ":" port ]; anything with spaces, controls, '/', '\' or '@' is not one.
bool valid_host_value(std::string_view host) {
    for (char c : host) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == '/' || c == '\\' || c == '@' || c == '?' || c == '#') return false;
    }
    return true;
}

FramingVerdict refuse(int status, const char* error, std::string description) {
    return {status, error, std::move(description), false};
}

} // namespace

FramingVerdict check_framing(const FramingHeaders& h) {
    if (h.host.size() > 1) return refuse(400, "bad_request", "more than one Host header (RFC 9112 §3.2)");
    if (h.host.empty() && h.version >= 11)
        return refuse(400, "bad_request", "an HTTP/1.1 request needs a Host header (RFC 9112 §3.2)");
    if (!h.host.empty() && !valid_host_value(h.host.front()))
        return refuse(400, "bad_request", "invalid Host header (RFC 9112 §3.2)");

    if (!h.transfer_encoding.empty()) {
        if (h.version < 11)
            return refuse(400, "bad_request", "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)");
        auto codings = elements(h.transfer_encoding);
        if (codings.size() != 1 || !iequals(codings.front(), "chunked"))
            return refuse(501, "not_implemented", "only Transfer-Encoding: chunked is supported (RFC 9112 §6.1)");
        if (h.has_content_length)
            return refuse(400, "bad_request", "both Transfer-Encoding and Content-Length (RFC 9112 §6.3)");
    }

    FramingVerdict ok;
    if (!h.expect.empty() && h.version >= 11) {
        auto expectations = elements(h.expect);
        if (expectations.size() != 1 || !iequals(expectations.front(), "100-continue"))
            return refuse(417, "expectation_failed", "only Expect: 100-continue is supported (RFC 9110 §10.1.1)");
        ok.send_continue = h.has_body;
    }
    return ok;
}

} // namespace esc::http
