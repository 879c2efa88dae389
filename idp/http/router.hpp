#pragma once
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/message.hpp"

namespace esc::http {

using Handler = std::function<Response(Request&)>;
// Decides before the handler runs (a role check, a required assurance level): nullopt lets the
// request through, a response refuses it (401/403, a login page).
using Guard = std::function<std::optional<Response>(Request&)>;
struct Route;
// Writes the answer to a failure found outside any handler: the transport's 400/408/413/431, too
// many parameters, an exception that escaped. `route` is null when the request reached none.
using ErrorWriter = std::function<Response(const Request& request, const Route* route, int status,
                                           std::string_view code, std::string_view description)>;

// Which listener serves a route: operational endpoints (/readyz, /metrics) only on the admin
// listener (server.admin_listen, loopback by default), /healthz on both.
enum class Exposure { public_only, admin_only, everywhere };

// Which threads run a route's handler. The I/O threads must never wait: not on Argon2id, and not
// on a store write, which can wait for SQLite's write lock (another node, directory-sync's apply
// phase) for seconds; an I/O thread that waits stalls every connection it serves.
enum class Pool {
    io,       // reads only, answered on the I/O thread that read the request
    password, // Argon2id: server.password_workers threads
    store,    // writes to the store: server.store_workers threads
};

// One entry of the route table; discovery is derived from the names, so an advertised
// endpoint always exists.
struct Route {
    std::string name;                 // stable identifier, also the metrics/log label
    std::vector<std::string> methods; // GET, POST...
    std::string path;                 // exact match
    Handler handler;
    Pool pool = Pool::io;
    bool sensitive_query = false; // never log the query string
    Exposure exposure = Exposure::public_only;
    bool html = false; // a browser's route: its failures are shown as the error page, not JSON
    // The metadata key under which discovery advertises this route's URL ("" = not advertised).
    std::string discovery_key = {};
    Guard guard = {}; // checked before the handler, on every listener that serves the route
};

// Whether a listener (public or admin) serves this route; elsewhere it answers as an unknown path.
inline bool served_on(const Route& route, bool admin_listener) {
    if (route.exposure == Exposure::everywhere) return true;
    return admin_listener == (route.exposure == Exposure::admin_only);
}

class Router {
public:
    // A path may have several routes as long as their methods differ (GET page, POST form).
    void add(Route route);
    // The route for this path and method (HEAD matches GET); nullptr when none.
    const Route* find(std::string_view path, std::string_view method) const;
    bool has_path(std::string_view path) const;
    const Route* find_by_name(std::string_view name) const;
    // Moves a named route to the admin listener or to both (std::logic_error if unknown).
    void set_exposure(std::string_view name, Exposure exposure);
    // 404 / 405 (with Allow listing every method of the path) responses.
    static Response not_found();
    // Answers requests for unknown paths (e.g. an HTML page for browsers); default: not_found().
    void set_not_found(Handler handler) { not_found_ = std::move(handler); }
    Response answer_not_found(Request& request) const { return not_found_ ? not_found_(request) : not_found(); }
    Response method_not_allowed(std::string_view path) const;
    // The endpoints' one error writer for failures outside handlers; default: the JSON
    // {"error": code, "error_description": description}.
    void set_error_writer(ErrorWriter writer) { error_writer_ = std::move(writer); }
    Response write_error(const Request& request, const Route* route, int status, std::string_view code,
                         std::string_view description = {}) const;
    const std::vector<Route>& routes() const { return routes_; }

private:
    static bool accepts(const Route& route, std::string_view method);
    std::vector<Route> routes_;
    Handler not_found_;
    ErrorWriter error_writer_;
    // Transparent hashing: a lookup by string_view allocates nothing (C++20).
    struct PathHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::vector<std::size_t>, PathHash, std::equal_to<>> by_path_;
};

} // namespace esc::http
