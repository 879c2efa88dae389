#pragma once
// Private to http/server.cpp: one connection, from the first byte to the close.
#include <type_traits>

#include "http/server_impl.hpp"

namespace esc::http {

// One connection. `Stream` is tcp::socket or ssl::stream<tcp::socket>. All handlers run on the
// connection's strand; a steady_timer enforces every deadline by cancelling the socket, so a
// timed-out read can still be answered with 408.
template <class Stream> class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
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
            stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
                self->on_handshake(ec);
            });
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
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
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
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
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
        for (const auto& f : msg)
            req->headers.push_back({std::string(f.name_string()), std::string(f.value())});
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
        if (route && route->pool != Pool::io) {
            auto& pool = route->pool == Pool::password ? *server_.password_pool : *server_.store_pool;
            asio::post(pool, [self = this->shared_from_this(), req, route] {
                auto res = std::make_shared<Response>(self->server_.dispatch(*req, route, self->admin_));
                asio::post(self->stream_.get_executor(), [self, req, res] { self->respond(*req, std::move(*res)); });
            });
            return;
        }
        respond(*req, server_.dispatch(*req, route, admin_));
    }

    void reply_error(int status, const char* code, const std::string& description = "") {
        Request req;
        req.method =
            parser_ && parser_->get().method_string().size() ? std::string(parser_->get().method_string()) : "-";
        req.path = parser_ ? std::string(parser_->get().target().substr(0, parser_->get().target().find('?'))) : "";
        req.remote_addr = peer_;
        req.route_name = "-";
        req.secure = !std::is_same_v<Stream, tcp::socket>;
        keep_alive_ = false;
        head_ = false;
        log_query_ = false;
        // The same writer as the endpoints: a browser's route gets the error page.
        const Route* route = req.method == "-" ? nullptr : server_.router.find(req.path, req.method);
        respond(req, server_.router.write_error(req, route, status, code, description));
    }

    void respond(const Request& req, Response res) {
        // RFC 6797 §7.1-7.2: only over a secure transport (here, or at a trusted proxy that said so).
        if (req.secure && server_.opt.hsts_max_age_seconds > 0 && res.header("Strict-Transport-Security").empty())
            res.set("Strict-Transport-Security", "max-age=" + std::to_string(server_.opt.hsts_max_age_seconds));
        auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
        msg->version(11);
        msg->result(static_cast<unsigned>(res.status));
        // insert, not set: a response may carry several Set-Cookie fields (RFC 6265 §3); Response::set
        // already keeps every other name unique.
        for (auto& h : res.headers)
            msg->insert(h.name, std::move(h.value));
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
        bhttp::async_write(stream_, *msg,
                           [self = this->shared_from_this(), msg, keep](beast::error_code ec, std::size_t) {
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

} // namespace esc::http
