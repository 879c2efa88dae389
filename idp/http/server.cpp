// The accept loop, listeners and request dispatch; connections are in session.hpp. With tls.cpp, the
// only translation unit that sees Beast, Asio and OpenSSL's TLS.
#include "http/server.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "http/access_log.hpp"
#include "http/fd_limit.hpp"
#include "http/form.hpp"
#include "http/server_impl.hpp"
#include "http/session.hpp"

namespace esc::http {

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
        return router.write_error(request, route, 400, "invalid_request",
                                  "more than " + std::to_string(kMaxFormParams) + " parameters");
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
        return router.write_error(request, route, 500, "server_error");
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
        const bool proxy =
            std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), peer) != opt.trusted_proxies.end();
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
    for (auto& s : sessions.snapshot())
        s->close_if_idle();
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
    if (o.tls)
        impl.ssl_ctx.emplace(make_server_tls_context(o.cert_file, o.key_file, o.client_ca_file, o.extra_client_ca_pem));
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
    impl.password_pool.emplace(static_cast<std::size_t>(std::max(1, impl.opt.password_threads)));
    impl.store_pool.emplace(static_cast<std::size_t>(std::max(1, impl.opt.store_threads)));
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.begin_drain();
    });
    for (auto& l : impl.listeners)
        impl.accept(*l);
    std::vector<std::thread> threads;
    for (int i = 1; i < impl.opt.worker_threads; ++i)
        threads.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();
    for (auto& t : threads)
        t.join();
    impl.stop_watch = true;
    if (impl.drain_watch.joinable()) impl.drain_watch.join();
    impl.password_pool->join();
    impl.store_pool->join();
}

void Server::stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_drain(); });
}

} // namespace esc::http
