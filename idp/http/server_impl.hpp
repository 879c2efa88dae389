#pragma once
// Private to http/server.cpp (with http/session.hpp): the server's state, shared by the accept loop
// and the connections. Only these and tls.cpp see Beast, Asio and OpenSSL's TLS.
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/access_log.hpp"
#include "http/connection_registry.hpp"
#include "http/fd_limit.hpp"
#include "http/form.hpp"
#include "http/forwarded.hpp"
#include "http/framing.hpp"
#include "http/tls.hpp"

namespace esc::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

using Clock = std::chrono::steady_clock;

struct SessionBase {
    virtual ~SessionBase() = default;
    virtual void close_if_idle() = 0;
};

using Registry = ConnectionRegistry<SessionBase>;

// One bound socket: a public address (TLS unless disabled) or the admin address (plain HTTP).
struct Listener {
    Listener(asio::io_context& ioc, bool admin_listener) : acceptor(ioc), backoff(ioc), admin(admin_listener) {}
    tcp::acceptor acceptor;
    asio::steady_timer backoff; // after EMFILE and the like: wait instead of spinning
    bool admin;
    bool exhausted_logged = false;
};

// accept() errors that mean "out of descriptors or memory": retrying at once only spins.
inline bool is_resource_exhaustion(const beast::error_code& ec) {
    return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
           ec == beast::error_code(ENFILE, beast::system_category());
}

inline std::string make_request_id() {
    thread_local std::uint64_t state = [] {
        return static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) ^
               reinterpret_cast<std::uintptr_t>(&state);
    }();
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(state));
    return buf;
}

inline long long unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Server::Impl {
    ServerOptions opt;
    const Router& router;
    Metrics& metrics;
    asio::io_context ioc;
    std::optional<ssl::context> ssl_ctx;
    std::vector<std::unique_ptr<Listener>> listeners;
    ForwardingPolicy forwarding;
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    asio::steady_timer drain_deadline{ioc};
    std::optional<asio::thread_pool> password_pool;
    std::optional<asio::thread_pool> store_pool;
    std::atomic<int> connections{0};
    std::atomic<bool> draining{false};
    Registry sessions;
    std::thread drain_watch;
    std::atomic<bool> stop_watch{false};

    Impl(ServerOptions o, const Router& r, Metrics& m) : opt(std::move(o)), router(r), metrics(m) {
        forwarding = {opt.trusted_proxies, opt.proxy_secret, opt.proxy_secret_header};
    }

    void accept(Listener& listener);
    void on_accept_error(Listener& listener, const beast::error_code& ec);
    void bind_one(const tcp::endpoint& endpoint, bool admin, const std::string& what);
    void begin_drain();
    // `route` is the router's answer for the request's path and method (nullptr: 404/405);
    // `admin_listener` says which listener received it (Exposure).
    Response dispatch(Request& request, const Route* route, bool admin_listener);
    void log(const Request& request, int status, std::size_t bytes, double ms, bool log_query,
             const std::string& request_id);
};

} // namespace esc::http
