#include "admin/operations.hpp"

#include "endpoints/deps.hpp"

namespace esc::admin {

http::Response handle_readiness(http::Request&, const Deps& deps) {
    try {
        deps.store.schema_version();
        if (auto problem = deps.store.write_problem(); !problem.empty())
            return http::Response::text(503, "store not writable: " + problem + "\n");
        return http::Response::text(200, "ready\n");
    } catch (const std::exception& e) {
        return http::Response::text(503, std::string("store unavailable: ") + e.what() + "\n");
    }
}

http::Response handle_metrics(http::Request&, const Deps& deps) {
    auto r = http::Response::text(200, deps.metrics.render());
    r.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return r;
}

} // namespace esc::admin
