#include "http/router.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace esc::http {

void Router::add(Route route) {
    auto& indices = by_path_[route.path];
    for (auto i : indices)
        for (const auto& m : route.methods)
            if (accepts(routes_[i], m)) throw std::logic_error("duplicate route: " + m + " " + route.path);
    indices.push_back(routes_.size());
    if (route.guard) {
        route.handler = [guard = route.guard, inner = std::move(route.handler)](Request& r) {
            if (auto refused = guard(r)) return std::move(*refused);
            return inner(r);
        };
    }
    routes_.push_back(std::move(route));
}

Response Router::write_error(const Request& request, const Route* route, int status, std::string_view code,
                             std::string_view description) const {
    if (error_writer_) return error_writer_(request, route, status, code, description);
    nlohmann::json body{{"error", code}};
    if (!description.empty()) body["error_description"] = description;
    return Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool Router::accepts(const Route& route, std::string_view method) {
    for (const auto& m : route.methods)
        if (m == method || (m == "GET" && method == "HEAD")) return true;
    return false;
}

const Route* Router::find(std::string_view path, std::string_view method) const {
    auto it = by_path_.find(path);
    if (it == by_path_.end()) return nullptr;
    for (auto i : it->second)
        if (accepts(routes_[i], method)) return &routes_[i];
    return nullptr;
}

bool Router::has_path(std::string_view path) const {
    return by_path_.find(path) != by_path_.end();
}

const Route* Router::find_by_name(std::string_view name) const {
    for (const auto& r : routes_)
        if (r.name == name) return &r;
    return nullptr;
}

void Router::set_exposure(std::string_view name, Exposure exposure) {
    for (auto& r : routes_)
        if (r.name == name) {
            r.exposure = exposure;
            return;
        }
    throw std::logic_error("set_exposure: no route named " + std::string(name));
}

Response Router::not_found() {
    return Response::json(404, R"({"error":"not_found"})");
}

Response Router::method_not_allowed(std::string_view path) const {
    std::string allow;
    auto it = by_path_.find(path);
    if (it != by_path_.end())
        for (auto i : it->second)
            for (const auto& m : routes_[i].methods)
                allow += (allow.empty() ? "" : ", ") + m;
    auto r = Response::json(405, R"({"error":"method_not_allowed"})");
    r.set("Allow", allow);
    return r;
}

} // namespace esc::http
