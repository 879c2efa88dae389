#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Transport-neutral request and response: handlers see only these, never Beast, so they
// compile fast and tests call them directly.
namespace esc::http {

bool iequals(std::string_view a, std::string_view b);

struct Header {
    std::string name;
    std::string value;
};

// The peer's TLS client certificate, when one was presented (CPS cards, workstation certificates).
struct ClientCertificate {
    std::string pem;          // PEM certificate (leaf)
    std::string subject;      // RFC 2253 one-line form
    bool verified = false;    // chain verified against the configured client CA list
    std::string verify_error; // OpenSSL's text when not verified
    std::string issuer;       // RFC 2253 one-line form
    std::string serial;       // upper-case hex (BN_bn2hex), as CRLs and the store name it
};

struct Request {
    std::string method; // upper case: GET, POST...
    std::string target; // as received: path + '?' + query
    std::string path;
    std::string query; // without '?'
    std::vector<Header> headers;
    std::string body;
    std::string remote_addr; // after trusted X-Forwarded-For resolution
    bool secure = false;     // TLS at this hop or at a trusted proxy
    std::string host;        // Host (or trusted X-Forwarded-Host)
    std::optional<ClientCertificate> client_cert;
    std::string route_name; // set by the router, used by logs and metrics

    // First header with that name (case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    bool has_header(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<Header> headers;
    std::string body;

    Response& set(std::string name, std::string value);
    std::string_view header(std::string_view name) const;

    static Response json(int status, std::string body);
    static Response html(int status, std::string body);
    static Response text(int status, std::string body);
    static Response redirect(std::string location, int status = 303);
};

} // namespace esc::http
