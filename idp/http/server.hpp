#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace esc::http {

struct ServerOptions {
    std::string address = "127.0.0.1"; // IP literal, or a host name: every address it resolves to is bound
    std::uint16_t port = 8443;         // 0 = any free port (tests)
    std::vector<std::pair<std::string, std::uint16_t>> listen_also; // further public host/port pairs
    // Plain-HTTP listener for the routes marked Exposure::admin_only (and everywhere).
    bool admin = false;
    std::string admin_address = "127.0.0.1";
    std::uint16_t admin_port = 0;
    bool tls = true;
    std::string cert_file;
    std::string key_file;
    std::string client_ca_file;      // non-empty: request (not require) a client certificate
    std::string extra_client_ca_pem; // the idp's own workstation CA: trusted for client certificates too
    int worker_threads = 2;
    int password_threads = 2; // Pool::password routes (Argon2id)
    int store_threads = 2;    // Pool::store routes (the writes)
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 64 * 1024;
    int read_timeout_seconds = 10;
    int write_timeout_seconds = 10;
    int idle_timeout_seconds = 60;
    int first_byte_timeout_seconds = 5; // a new connection must start (TLS hello, request) within this
    int max_connections = 1024;
    int max_connections_per_address = 32; // per client IP on the public listeners; 0 = no cap
    int hsts_max_age_seconds = 31536000;  // Strict-Transport-Security on HTTPS answers (RFC 6797); 0 = none
    int drain_timeout_seconds = 20;
    std::vector<std::string> trusted_proxies;
    std::string proxy_secret; // required for a forwarded client certificate (forwarded.hpp)
    std::string proxy_secret_header = "X-Proxy-Secret";
    bool access_log = true;
};

// HTTP/1.1 server over TLS (OpenSSL 3, TLS 1.2+) or plain TCP, on Boost.Beast. Every read and
// write has a deadline; oversized or slow requests get 413/431/408 and the connection closes;
// framing errors (Host, Transfer-Encoding, Expect) are answered before the body is read.
class Server {
public:
    Server(ServerOptions options, const Router& router, Metrics& metrics);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Loads TLS material and binds; throws std::runtime_error saying what to fix.
    void bind();
    std::uint16_t port() const;       // of the public listeners
    std::uint16_t admin_port() const; // 0 when there is no admin listener
    // Every bound public address, "ip:port" / "[ipv6]:port".
    std::vector<std::string> endpoints() const;
    // Serves until SIGTERM/SIGINT or stop(), then drains in-flight requests and returns.
    void run();
    // Starts the drain from any thread.
    void stop();

    struct Impl; // public so the connection classes in server.cpp can name it

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace esc::http
