#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace esc::http {

// What the framing rules look at, taken from a request's header block (before its body).
struct FramingHeaders {
    unsigned version = 11;                           // 10 = HTTP/1.0, 11 = HTTP/1.1
    std::vector<std::string_view> host;              // every Host field line
    std::vector<std::string_view> transfer_encoding; // every Transfer-Encoding field line
    bool has_content_length = false;
    std::vector<std::string_view> expect; // every Expect field line
    bool has_body = false;                // Content-Length > 0 or chunked
};

struct FramingVerdict {
    int status = 0;             // 0: acceptable; otherwise answer this and close
    std::string error;          // JSON error code
    std::string description;    // says what to fix
    bool send_continue = false; // answer "100 Continue" before reading the body
};

// RFC 9112 §3.2: an HTTP/1.1 request needs exactly one Host; more than one is 400 in any version.
// RFC 9112 §6.1: the only transfer coding we decode is `chunked`, alone (501 otherwise); with
// Content-Length it is a smuggling shape (§6.3: 400); HTTP/1.0 has no transfer codings (400).
// RFC 9110 §10.1.1: `Expect: 100-continue` gets 100 before the body; any other expectation 417;
// HTTP/1.0 expectations are ignored.
FramingVerdict check_framing(const FramingHeaders& headers);

} // namespace esc::http
