// The only translation units that see Beast, Asio and OpenSSL's TLS: server.cpp and tls.cpp.
#include "http/server.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/access_log.hpp"
#include "http/forwarded.hpp"
#include "http/tls.hpp"

namespace esc::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

struct SessionBase {
    virtual ~SessionBase() = default;
    virtual void close_if_idle() = 0;
};

std::string make_request_id() {
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

long long unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

struct Server::Impl {
    ServerOptions opt;
    const Router& router;
    Metrics& metrics;
    asio::io_context ioc;
    std::optional<ssl::context> ssl_ctx;
    std::optional<tcp::acceptor> acceptor;
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    asio::steady_timer drain_deadline{ioc};
    std::optional<asio::thread_pool> blocking;
    std::atomic<int> connections{0};
    std::atomic<bool> draining{false};
    std::mutex sessions_mutex;
    std::unordered_set<std::shared_ptr<SessionBase>> sessions;
    std::thread drain_watch;
    std::atomic<bool> stop_watch{false};

    Impl(ServerOptions o, const Router& r, Metrics& m) : opt(std::move(o)), router(r), metrics(m) {}

    void accept();
    void begin_drain();
    // `route` is the router's answer for the request's path and method (nullptr: 404/405).
    Response dispatch(Request& request, const Route* route);
    void log(const Request& request, int status, std::size_t bytes, double ms, bool log_query,
             const std::string& request_id);

    void add(std::shared_ptr<SessionBase> s) {
        std::lock_guard lock(sessions_mutex);
        sessions.insert(std::move(s));
    }
    void remove(SessionBase* s) {
        std::lock_guard lock(sessions_mutex);
        for (auto it = sessions.begin(); it != sessions.end(); ++it)
            if (it->get() == s) {
                sessions.erase(it);
                break;
            }
    }
};

namespace {

// One connection. `Stream` is tcp::socket or ssl::stream<tcp::socket>. All handlers run on the
// connection's strand; a steady_timer enforces every deadline by cancelling the socket, so a
// timed-out read can still be answered with 408.
template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    Session(Server::Impl& server, Stream stream, std::string peer)
        : server_(server), stream_(std::move(stream)), timer_(stream_.get_executor()), peer_(std::move(peer)) {}

    ~Session() override { server_.connections.fetch_sub(1); }

    void start() {
        if constexpr (std::is_same_v<Stream, tcp::socket>) {
            wait_for_request();
        } else {
            arm(server_.opt.read_timeout_seconds);
            stream_.async_handshake(ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
        }
    }

    void close_if_idle() override {
        // Cancelling the pending idle read makes it fail, and its handler closes cleanly
        // (no TLS shutdown racing a read).
        asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
            beast::error_code ignored;
            if (self->idle_) self->socket().cancel(ignored);
        });
    }

private:
    tcp::socket& socket() {
        if constexpr (std::is_same_v<Stream, tcp::socket>)
            return stream_;
        else
            return stream_.next_layer();
    }

    // Deadlines are enforced by one lazy timer per connection: arming only records the deadline,
    // and the timer, ticking at most every `tick` seconds, cancels the socket once it has passed.
    // Re-arming a real timer on every read and write would cost a syscall and an aborted handler
    // each time, a large share of a small request.
    void arm(int seconds) {
        timed_out_ = false;
        deadline_ = Clock::now() + std::chrono::seconds(seconds);
        if (!ticking_) schedule(std::min(deadline_, Clock::now() + tick()));
    }

    void disarm() { deadline_ = Clock::time_point::max(); }

    std::chrono::seconds tick() const {
        const auto& o = server_.opt;
        return std::chrono::seconds(
            std::max(1, std::min({o.read_timeout_seconds, o.write_timeout_seconds, o.idle_timeout_seconds})));
    }

    void schedule(Clock::time_point at) {
        ticking_ = true;
        timer_.expires_at(at);
        timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) { self->on_tick(ec); });
    }

    void on_tick(beast::error_code ec) {
        ticking_ = false;
        if (ec || finished_) return;
        auto now = Clock::now();
        if (now >= deadline_) {
            timed_out_ = true;
            deadline_ = Clock::time_point::max();
            beast::error_code ignored;
            socket().cancel(ignored);
        }
        // The earliest possible future deadline is now + tick: never sleep past it.
        schedule(std::min(deadline_, now + tick()));
    }

    void on_handshake(beast::error_code ec) {
        disarm();
        if (ec) return close();
        if constexpr (!std::is_same_v<Stream, tcp::socket>) client_cert_ = peer_certificate(stream_.native_handle());
        wait_for_request();
    }

    // Between requests the connection may idle for idle_timeout; once the first byte of a
    // request arrives, the whole request must come within read_timeout.
    void wait_for_request() {
        if (server_.draining) return close();
        if (buffer_.size() > 0) return read_request();
        idle_ = true;
        arm(server_.opt.idle_timeout_seconds);
        stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](beast::error_code ec,
                                                                                           std::size_t n) {
            self->idle_ = false;
            self->disarm();
            if (ec) return self->close();
            self->buffer_.commit(n);
            self->read_request();
        });
    }

    void read_request() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.opt.max_header_bytes));
        parser_->body_limit(server_.opt.max_body_bytes);
        arm(server_.opt.read_timeout_seconds);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        disarm();
        started_ = Clock::now();
        if (timed_out_) return reply_error(408, "request_timeout");
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) return close();
        if (ec == bhttp::error::header_limit) return reply_error(431, "request_header_fields_too_large");
        if (ec == bhttp::error::body_limit) return reply_error(413, "payload_too_large");
        if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category())
            return reply_error(400, "bad_request");
        if (ec) return close();
        handle(parser_->release());
    }

    void handle(bhttp::request<bhttp::string_body> msg) {
        auto req = std::make_shared<Request>();
        req->method = std::string(msg.method_string());
        req->target = std::string(msg.target());
        auto q = req->target.find('?');
        req->path = req->target.substr(0, q);
        if (q != std::string::npos) req->query = req->target.substr(q + 1);
        req->headers.reserve(std::distance(msg.begin(), msg.end()));
        for (const auto& f : msg) req->headers.push_back({std::string(f.name_string()), std::string(f.value())});
        req->body = std::move(msg.body());
        req->secure = !std::is_same_v<Stream, tcp::socket>;
        req->host = std::string(req->header("Host"));
        req->client_cert = client_cert_;
        apply_forwarded_headers(*req, peer_, server_.opt.trusted_proxies);
        keep_alive_ = msg.keep_alive();
        head_ = msg.method() == bhttp::verb::head;

        const Route* route = server_.router.find(req->path, req->method);
        log_query_ = route && !route->sensitive_query;
        if (route && route->blocking) {
            asio::post(*server_.blocking, [self = this->shared_from_this(), req, route] {
                auto res = std::make_shared<Response>(self->server_.dispatch(*req, route));
                asio::post(self->stream_.get_executor(), [self, req, res] { self->respond(*req, std::move(*res)); });
            });
            return;
        }
        respond(*req, server_.dispatch(*req, route));
    }

    void reply_error(int status, const char* code) {
        Request req;
        req.method = parser_ && parser_->get().method_string().size() ? std::string(parser_->get().method_string()) : "-";
        req.path = parser_ ? std::string(parser_->get().target().substr(0, parser_->get().target().find('?'))) : "";
        req.remote_addr = peer_;
        req.route_name = "-";
        keep_alive_ = false;
        head_ = false;
        log_query_ = false;
        respond(req, Response::json(status, std::string(R"({"error":")") + code + "\"}"));
    }

    void respond(const Request& req, Response res) {
        auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
        msg->version(11);
        msg->result(static_cast<unsigned>(res.status));
        // insert, not set: a response may carry several Set-Cookie fields (RFC 6265 §3); Response::set
        // already keeps every other name unique.
        for (auto& h : res.headers) msg->insert(h.name, std::move(h.value));
        std::size_t bytes = res.body.size();
        msg->body() = head_ ? std::string() : std::move(res.body);
        msg->prepare_payload();
        if (head_) msg->content_length(bytes);
        bool keep = keep_alive_ && !server_.draining && res.status != 408 && res.status != 413 && res.status != 431;
        msg->keep_alive(keep);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
        server_.metrics.observe_request(req.route_name.empty() ? "-" : req.route_name, res.status, ms / 1000.0);
        if (server_.opt.access_log) server_.log(req, res.status, bytes, ms, log_query_, make_request_id());

        arm(server_.opt.write_timeout_seconds);
        bhttp::async_write(stream_, *msg, [self = this->shared_from_this(), msg, keep](beast::error_code ec,
                                                                                        std::size_t) {
            self->disarm();
            if (ec || !keep) return self->close();
            self->wait_for_request();
        });
    }

    void close() {
        if (closed_) return;
        closed_ = true;
        disarm();
        if constexpr (!std::is_same_v<Stream, tcp::socket>) {
            // Best-effort TLS close_notify, bounded by the write timeout.
            arm(server_.opt.write_timeout_seconds);
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->finish(); });
        } else {
            finish();
        }
    }

    void finish() {
        finished_ = true;
        timer_.cancel();
        beast::error_code ignored;
        socket().shutdown(tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
        server_.remove(this);
    }

    Server::Impl& server_;
    Stream stream_;
    asio::steady_timer timer_;
    Clock::time_point deadline_ = Clock::time_point::max();
    bool ticking_ = false;
    std::string peer_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::optional<ClientCertificate> client_cert_;
    Clock::time_point started_ = Clock::now();
    bool timed_out_ = false;
    bool idle_ = false;
    bool keep_alive_ = true;
    bool head_ = false;
    bool closed_ = false;
    bool finished_ = false;
    bool log_query_ = false;
};

} // namespace

Response Server::Impl::dispatch(Request& request, const Route* route) {
    if (!route) {
        bool known = router.has_path(request.path);
        request.route_name = known ? "method_not_allowed" : "not_found";
        return known ? router.method_not_allowed(request.path) : router.answer_not_found(request);
    }
    request.route_name = route->name;
    try {
        return route->handler(request);
    } catch (const std::exception& e) {
        // Endpoints map their own errors; reaching here is a bug, logged but never shown.
        write_log_line(std::string("{\"level\":\"error\",\"route\":\"") + route->name + "\",\"unhandled\":\"" +
                       std::string(e.what()).substr(0, 300) + "\"}\n");
        return Response::json(500, R"({"error":"server_error"})");
    }
}

void Server::Impl::log(const Request& request, int status, std::size_t bytes, double ms, bool log_query,
                       const std::string& request_id) {
    AccessLogEntry e;
    e.request = &request;
    e.status = status;
    e.bytes = bytes;
    e.duration_ms = ms;
    e.log_query = log_query;
    e.request_id = request_id;
    write_log_line(format_access_log(e, unix_ms()));
}

void Server::Impl::accept() {
    // With one I/O thread, handlers already run one at a time: a strand would only add cost.
    auto executor = opt.worker_threads > 1 ? asio::any_io_executor(asio::make_strand(ioc))
                                           : asio::any_io_executor(ioc.get_executor());
    acceptor->async_accept(executor, [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || draining) return;
            return accept();
        }
        if (connections.fetch_add(1) >= opt.max_connections) {
            connections.fetch_sub(1);
            beast::error_code ignored;
            socket.close(ignored); // over the cap: refuse early rather than starve everyone
            return accept();
        }
        socket.set_option(tcp::no_delay(true));
        beast::error_code ep_ec;
        auto ep = socket.remote_endpoint(ep_ec);
        std::string peer = ep_ec ? "" : ep.address().to_string();
        if (ssl_ctx) {
            auto s = std::make_shared<Session<ssl::stream<tcp::socket>>>(
                *this, ssl::stream<tcp::socket>(std::move(socket), *ssl_ctx), std::move(peer));
            add(s);
            s->start();
        } else {
            auto s = std::make_shared<Session<tcp::socket>>(*this, std::move(socket), std::move(peer));
            add(s);
            s->start();
        }
        accept();
    });
}

void Server::Impl::begin_drain() {
    if (draining.exchange(true)) return;
    beast::error_code ignored;
    if (acceptor) acceptor->close(ignored);
    signals.cancel(ignored);
    std::vector<std::shared_ptr<SessionBase>> snapshot;
    {
        std::lock_guard lock(sessions_mutex);
        snapshot.assign(sessions.begin(), sessions.end());
    }
    for (auto& s : snapshot) s->close_if_idle();
    drain_deadline.expires_after(std::chrono::seconds(opt.drain_timeout_seconds));
    drain_deadline.async_wait([this](beast::error_code ec) {
        if (!ec) ioc.stop();
    });
    // The deadline timer must not keep run() alive once every session is gone.
    drain_watch = std::thread([this] {
        while (!stop_watch) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            std::lock_guard lock(sessions_mutex);
            if (sessions.empty()) {
                asio::post(ioc, [this] { drain_deadline.cancel(); });
                return;
            }
        }
    });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

void Server::bind() {
    auto& o = impl_->opt;
    if (o.tls) impl_->ssl_ctx.emplace(make_server_tls_context(o.cert_file, o.key_file, o.client_ca_file));
    beast::error_code ec;
    auto address = asio::ip::make_address(o.address, ec);
    if (ec) throw std::runtime_error("server.listen: not an IP address: " + o.address);
    tcp::endpoint endpoint(address, o.port);
    auto& acc = impl_->acceptor.emplace(impl_->ioc);
    acc.open(endpoint.protocol(), ec);
    if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(endpoint, ec);
    if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("server.listen: cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " +
                                 ec.message());
}

std::uint16_t Server::port() const { return impl_->acceptor ? impl_->acceptor->local_endpoint().port() : 0; }

void Server::run() {
    auto& impl = *impl_;
    impl.blocking.emplace(static_cast<std::size_t>(std::max(1, impl.opt.blocking_threads)));
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.begin_drain();
    });
    impl.accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < impl.opt.worker_threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();
    for (auto& t : threads) t.join();
    impl.stop_watch = true;
    if (impl.drain_watch.joinable()) impl.drain_watch.join();
    impl.blocking->join();
}

void Server::stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_drain(); });
}

} // namespace esc::http
