// The only translation units that see Beast, Asio and OpenSSL's TLS: server.cpp and tls.cpp.
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

namespace {

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
bool is_resource_exhaustion(const beast::error_code& ec) {
    return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
           ec == beast::error_code(ENFILE, beast::system_category());
}

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
    std::vector<std::unique_ptr<Listener>> listeners;
    ForwardingPolicy forwarding;
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    asio::steady_timer drain_deadline{ioc};
    std::optional<asio::thread_pool> blocking;
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

namespace {

// One connection. `Stream` is tcp::socket or ssl::stream<tcp::socket>. All handlers run on the
// connection's strand; a steady_timer enforces every deadline by cancelling the socket, so a
// timed-out read can still be answered with 408.
template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    Session(Server::Impl& server, Stream stream, std::string peer, bool admin)
        : server_(server), stream_(std::move(stream)), timer_(stream_.get_executor()), peer_(std::move(peer)),
          admin_(admin) {}

    ~Session() override { server_.connections.fetch_sub(1); }

    void start(Registry::Handle handle) {
        handle_ = handle;
        // A new connection must say something (TLS ClientHello or request line) within
        // first_byte_timeout: a silent connection holds a slot of its address and of the server.
        idle_ = true;
        arm(server_.opt.first_byte_timeout_seconds);
        socket().async_wait(tcp::socket::wait_read,
                            [self = this->shared_from_this()](beast::error_code ec) { self->on_first_byte(ec); });
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
        return std::chrono::seconds(std::max(1, std::min({o.read_timeout_seconds, o.write_timeout_seconds,
                                                          o.idle_timeout_seconds, o.first_byte_timeout_seconds})));
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

    void on_first_byte(beast::error_code ec) {
        idle_ = false;
        disarm();
        if (ec || timed_out_ || server_.draining) return abort();
        if constexpr (std::is_same_v<Stream, tcp::socket>) {
            read_request();
        } else {
            arm(server_.opt.read_timeout_seconds);
            stream_.async_handshake(ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
        }
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
        // The first request of a connection must start within first_byte_timeout too (a TLS
        // handshake followed by silence is the same slow-loris); idle_timeout is for keep-alive.
        arm(served_ == 0 ? server_.opt.first_byte_timeout_seconds : server_.opt.idle_timeout_seconds);
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
        // The header block first: framing is checked, and 100 Continue sent, before any body is read.
        bhttp::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec,
                                                                                              std::size_t) {
            self->on_header(ec);
        });
    }

    void on_header(beast::error_code ec) {
        if (ec) return on_read(ec);
        const auto& h = parser_->get();
        FramingHeaders framing;
        framing.version = h.version();
        for (const auto& f : h) {
            if (f.name() == bhttp::field::host) framing.host.push_back(f.value());
            if (f.name() == bhttp::field::transfer_encoding) framing.transfer_encoding.push_back(f.value());
            if (f.name() == bhttp::field::expect) framing.expect.push_back(f.value());
            if (f.name() == bhttp::field::content_length) framing.has_content_length = true;
        }
        framing.has_body = !parser_->is_done();
        // An announced body over the limit is refused now, so `100 Continue` is never promised for it.
        if (auto length = parser_->content_length(); length && *length > server_.opt.max_body_bytes) {
            started_ = Clock::now();
            return reply_error(413, "payload_too_large");
        }
        auto verdict = check_framing(framing);
        if (verdict.status != 0) {
            started_ = Clock::now();
            return reply_error(verdict.status, verdict.error.c_str(), verdict.description);
        }
        if (!verdict.send_continue) return read_body();
        // RFC 9110 §10.1.1: the client waits for this interim answer before sending the body.
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        arm(server_.opt.write_timeout_seconds);
        asio::async_write(stream_, asio::buffer(kContinue),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->disarm();
                              if (ec || self->timed_out_) return self->close();
                              self->arm(self->server_.opt.read_timeout_seconds);
                              self->read_body();
                          });
    }

    void read_body() {
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
        ++served_;
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
        if (apply_forwarded_headers(*req, peer_, server_.forwarding) == ForwardedCertificate::refused)
            write_log_line(format_event_log(
                "warn", "forwarded_certificate_ignored",
                {{"remote", peer_},
                 {"reason", server_.opt.proxy_secret.empty() ? "server.proxy_secret is not configured"
                                                             : "missing or wrong " + server_.opt.proxy_secret_header}},
                unix_ms()));
        keep_alive_ = msg.keep_alive();
        head_ = msg.method() == bhttp::verb::head;

        const Route* route = server_.router.find(req->path, req->method);
        log_query_ = route && !route->sensitive_query;
        if (route && route->blocking) {
            asio::post(*server_.blocking, [self = this->shared_from_this(), req, route] {
                auto res = std::make_shared<Response>(self->server_.dispatch(*req, route, self->admin_));
                asio::post(self->stream_.get_executor(), [self, req, res] { self->respond(*req, std::move(*res)); });
            });
            return;
        }
        respond(*req, server_.dispatch(*req, route, admin_));
    }

    void reply_error(int status, const char* code, const std::string& description = "") {
        Request req;
        req.method = parser_ && parser_->get().method_string().size() ? std::string(parser_->get().method_string()) : "-";
        req.path = parser_ ? std::string(parser_->get().target().substr(0, parser_->get().target().find('?'))) : "";
        req.remote_addr = peer_;
        req.route_name = "-";
        req.secure = !std::is_same_v<Stream, tcp::socket>;
        keep_alive_ = false;
        head_ = false;
        log_query_ = false;
        std::string body = std::string(R"({"error":")") + code + "\"";
        if (!description.empty()) body += R"(,"error_description":")" + description + "\"";
        respond(req, Response::json(status, body + "}"));
    }

    void respond(const Request& req, Response res) {
        // RFC 6797 §7.1-7.2: only over a secure transport (here, or at a trusted proxy that said so).
        if (req.secure && server_.opt.hsts_max_age_seconds > 0 && res.header("Strict-Transport-Security").empty())
            res.set("Strict-Transport-Security", "max-age=" + std::to_string(server_.opt.hsts_max_age_seconds));
        auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
        msg->version(11);
        msg->result(static_cast<unsigned>(res.status));
        for (auto& h : res.headers) msg->set(h.name, std::move(h.value));
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

    // Before any TLS handshake there is nothing to shut down cleanly.
    void abort() {
        if (closed_) return;
        closed_ = true;
        finish();
    }

    void finish() {
        finished_ = true;
        timer_.cancel();
        beast::error_code ignored;
        socket().shutdown(tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
        if (handle_) server_.sessions.remove(*std::exchange(handle_, std::nullopt));
    }

    Server::Impl& server_;
    Stream stream_;
    asio::steady_timer timer_;
    Clock::time_point deadline_ = Clock::time_point::max();
    bool ticking_ = false;
    std::string peer_;
    bool admin_ = false; // received on the admin listener
    int served_ = 0;     // requests read on this connection
    std::optional<Registry::Handle> handle_;
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

Response Server::Impl::dispatch(Request& request, const Route* route, bool admin_listener) {
    if (route && !served_on(*route, admin_listener)) {
        // Not on this listener: answered exactly like a path that does not exist.
        request.route_name = "not_found";
        return router.answer_not_found(request);
    }
    // RFC 6749 §3.1 parameters are parsed by the endpoints; the count is bounded once, here, before
    // any parsing or client authentication.
    const bool form_body = request.header("Content-Type").substr(0, 33) == "application/x-www-form-urlencoded";
    if (count_form_params(request.query) > kMaxFormParams ||
        (form_body && count_form_params(request.body) > kMaxFormParams)) {
        request.route_name = route ? route->name : "-";
        return Response::json(400, R"({"error":"invalid_request","error_description":"more than )" +
                                       std::to_string(kMaxFormParams) + R"( parameters"})");
    }
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
        write_log_line(format_event_log("error", "unhandled_exception",
                                        {{"route", route->name}, {"unhandled", std::string(e.what()).substr(0, 300)}},
                                        unix_ms()));
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

void Server::Impl::accept(Listener& listener) {
    // With one I/O thread, handlers already run one at a time: a strand would only add cost.
    auto executor = opt.worker_threads > 1 ? asio::any_io_executor(asio::make_strand(ioc))
                                           : asio::any_io_executor(ioc.get_executor());
    listener.acceptor.async_accept(executor, [this, &listener](beast::error_code ec, tcp::socket socket) {
        if (ec) return on_accept_error(listener, ec);
        if (listener.exhausted_logged) {
            listener.exhausted_logged = false;
            write_log_line(format_event_log("info", "accept_recovered", {}, unix_ms()));
        }
        if (connections.fetch_add(1) >= opt.max_connections) {
            connections.fetch_sub(1);
            beast::error_code ignored;
            socket.close(ignored); // over the cap: refuse early rather than starve everyone
            return accept(listener);
        }
        socket.set_option(tcp::no_delay(true));
        beast::error_code ep_ec;
        auto ep = socket.remote_endpoint(ep_ec);
        std::string peer = ep_ec ? "" : ep.address().to_string();
        // The per-address cap protects the public listeners; the admin one is on loopback, and a
        // trusted proxy carries every client (it enforces its own per-client limits, docs/deployment.md).
        const bool proxy = std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), peer) !=
                           opt.trusted_proxies.end();
        const int per_peer_cap = listener.admin || proxy ? 0 : opt.max_connections_per_address;
        const std::string peer_key = peer;
        auto start = [&](auto session) {
            // Over the per-address cap the session is dropped here, closing its socket.
            if (auto handle = sessions.add(session, peer_key, per_peer_cap)) session->start(*handle);
        };
        if (ssl_ctx && !listener.admin)
            start(std::make_shared<Session<ssl::stream<tcp::socket>>>(
                *this, ssl::stream<tcp::socket>(std::move(socket), *ssl_ctx), std::move(peer), false));
        else
            start(std::make_shared<Session<tcp::socket>>(*this, std::move(socket), std::move(peer), listener.admin));
        accept(listener);
    });
}

void Server::Impl::on_accept_error(Listener& listener, const beast::error_code& ec) {
    if (ec == asio::error::operation_aborted || draining) return;
    if (!is_resource_exhaustion(ec)) return accept(listener);
    // Out of descriptors: the pending connection stays in the backlog, so retrying at once fails
    // again at once and burns a core. Wait a little (descriptors come back as connections close)
    // and say so once per episode.
    if (!listener.exhausted_logged) {
        listener.exhausted_logged = true;
        write_log_line(format_event_log("error", "accept_failed",
                                        {{"reason", ec.message()},
                                         {"action", "retrying every 100 ms; raise the open-file limit (LimitNOFILE) "
                                                    "or lower server.max_connections"}},
                                        unix_ms()));
    }
    listener.backoff.expires_after(std::chrono::milliseconds(100));
    listener.backoff.async_wait([this, &listener](beast::error_code wait_ec) {
        if (!wait_ec && !draining) accept(listener);
    });
}

void Server::Impl::begin_drain() {
    if (draining.exchange(true)) return;
    beast::error_code ignored;
    for (auto& l : listeners) {
        l->acceptor.close(ignored);
        l->backoff.cancel();
    }
    signals.cancel(ignored);
    for (auto& s : sessions.snapshot()) s->close_if_idle();
    drain_deadline.expires_after(std::chrono::seconds(opt.drain_timeout_seconds));
    drain_deadline.async_wait([this](beast::error_code ec) {
        if (!ec) ioc.stop();
    });
    // The deadline timer must not keep run() alive once every session is gone.
    drain_watch = std::thread([this] {
        while (!stop_watch) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
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

void Server::Impl::bind_one(const tcp::endpoint& endpoint, bool admin, const std::string& what) {
    auto listener = std::make_unique<Listener>(ioc, admin);
    auto& acc = listener->acceptor;
    beast::error_code ec;
    acc.open(endpoint.protocol(), ec);
    if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
    // An IPv6 socket listens on IPv6 only, so "localhost" can bind 127.0.0.1 and ::1 side by side.
    if (!ec && endpoint.protocol() == tcp::v6()) acc.set_option(asio::ip::v6_only(true), ec);
    if (!ec) acc.bind(endpoint, ec);
    if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::ostringstream where;
        where << endpoint;
        throw std::runtime_error(what + ": cannot listen on " + where.str() + ": " + ec.message());
    }
    listeners.push_back(std::move(listener));
}

namespace {

// An IP literal as is; a host name (RFC 1123) resolved to every address it has, IPv4 and IPv6
// alike (getaddrinfo without AI_ADDRCONFIG, which would drop ::1 on a host whose only IPv6 is
// loopback), duplicates removed.
std::vector<asio::ip::address> resolve_listen_host(asio::io_context& ioc, const std::string& host,
                                                   const std::string& what) {
    beast::error_code ec;
    auto literal = asio::ip::make_address(host, ec);
    if (!ec) return {literal};
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(host, "0", tcp::resolver::numeric_service, ec);
    if (ec) throw std::runtime_error(what + ": cannot resolve " + host + ": " + ec.message());
    std::vector<asio::ip::address> out;
    for (const auto& r : results) {
        auto a = r.endpoint().address();
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    if (out.empty()) throw std::runtime_error(what + ": " + host + " resolves to no address");
    return out;
}

} // namespace

void Server::bind() {
    auto& impl = *impl_;
    auto& o = impl.opt;
    if (auto limit = ensure_descriptor_limit(static_cast<std::size_t>(o.max_connections)); !limit.enough)
        write_log_line(format_event_log("warn", "descriptor_limit", {{"message", limit.message}}, unix_ms()));
    if (o.tls) impl.ssl_ctx.emplace(make_server_tls_context(o.cert_file, o.key_file, o.client_ca_file));
    auto port = o.port;
    for (const auto& address : resolve_listen_host(impl.ioc, o.address, "server.listen")) {
        // With port 0 (tests) the first socket picks a port and every other address uses the same.
        impl.bind_one(tcp::endpoint(address, port), false, "server.listen");
        port = impl.listeners.back()->acceptor.local_endpoint().port();
    }
    for (const auto& [host, also_port] : o.listen_also)
        for (const auto& address : resolve_listen_host(impl.ioc, host, "server.listen"))
            impl.bind_one(tcp::endpoint(address, also_port), false, "server.listen");
    if (o.admin) {
        auto admin_port = o.admin_port;
        for (const auto& address : resolve_listen_host(impl.ioc, o.admin_address, "server.admin_listen")) {
            impl.bind_one(tcp::endpoint(address, admin_port), true, "server.admin_listen");
            admin_port = impl.listeners.back()->acceptor.local_endpoint().port();
        }
    }
}

std::uint16_t Server::port() const {
    for (const auto& l : impl_->listeners)
        if (!l->admin) return l->acceptor.local_endpoint().port();
    return 0;
}

std::uint16_t Server::admin_port() const {
    for (const auto& l : impl_->listeners)
        if (l->admin) return l->acceptor.local_endpoint().port();
    return 0;
}

std::vector<std::string> Server::endpoints() const {
    std::vector<std::string> out;
    for (const auto& l : impl_->listeners) {
        if (l->admin) continue;
        auto ep = l->acceptor.local_endpoint();
        auto host = ep.address().to_string();
        out.push_back((ep.address().is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(ep.port()));
    }
    return out;
}

void Server::run() {
    auto& impl = *impl_;
    impl.blocking.emplace(static_cast<std::size_t>(std::max(1, impl.opt.blocking_threads)));
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.begin_drain();
    });
    for (auto& l : impl.listeners) impl.accept(*l);
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
