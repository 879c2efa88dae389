#include "http/message.hpp"

#include <cctype>

namespace esc::http {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view Request::header(std::string_view name) const {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return h.value;
    return {};
}

bool Request::has_header(std::string_view name) const {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return true;
    return false;
}

Response& Response::set(std::string name, std::string value) {
    for (auto& h : headers)
        if (iequals(h.name, name)) {
            h.value = std::move(value);
            return *this;
        }
    headers.push_back({std::move(name), std::move(value)});
    return *this;
}

std::string_view Response::header(std::string_view name) const {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return h.value;
    return {};
}

namespace {
Response with_body(int status, std::string body, const char* content_type) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.headers.push_back({"Content-Type", content_type});
    return r;
}
} // namespace

Response Response::json(int status, std::string body) {
    return with_body(status, std::move(body), "application/json");
}

Response Response::html(int status, std::string body) {
    return with_body(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::text(int status, std::string body) {
    return with_body(status, std::move(body), "text/plain; charset=utf-8");
}

Response Response::redirect(std::string location, int status) {
    Response r;
    r.status = status;
    r.headers.push_back({"Location", std::move(location)});
    return r;
}

} // namespace esc::http
