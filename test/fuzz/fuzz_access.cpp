// libFuzzer target: what the access workflow reads from people — a referent's territory as typed in
// the console (departments, postal prefixes), the postal codes it is matched against, and the
// return-to cookie a login follows (it must never lead off the console's pages).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/territory.hpp"
#include "http/message.hpp"
#include "web/return_to.hpp"

namespace {
std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(sep, start);
        if (end == std::string_view::npos) end = text.size();
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // "<territory words>\n<postal codes>\n<cookie>"
    auto parts = split(input, '\n');
    parts.resize(3);
    esc::domain::Referent referent;
    referent.login = "r";
    referent.client_id = "dcc";
    for (const auto& word : split(parts[0], ' ')) {
        if (auto prefixes = esc::domain::department_prefixes(word)) {
            for (const auto& p : *prefixes)
                if (!esc::domain::valid_postal_prefix(p)) __builtin_trap(); // a department is made of prefixes
            referent.territory.postal_prefixes.insert(referent.territory.postal_prefixes.end(), prefixes->begin(),
                                                      prefixes->end());
        } else if (esc::domain::valid_postal_prefix(word)) {
            referent.territory.postal_prefixes.push_back(word);
        }
    }
    esc::domain::AccessRequest request;
    request.client_id = "dcc";
    request.postal_codes = split(parts[1], ' ');
    auto routing = esc::domain::route_request({referent}, "dcc", request.postal_codes);
    request.uncovered = routing.uncovered;
    // Routed to the referent exactly when they are in charge of it.
    if (routing.uncovered == esc::domain::in_charge(referent, request)) __builtin_trap();

    esc::http::Request http;
    http.headers.push_back({"Cookie", std::string(esc::web::kReturnCookie) + "=" + parts[2]});
    const std::vector<std::string> allowed = {"/console/access", "/console/audit"};
    auto back = esc::web::return_path(http, allowed);
    if (!back.empty() && back.rfind("/console/access", 0) != 0 && back.rfind("/console/audit", 0) != 0)
        __builtin_trap();
    if (back.rfind("//", 0) == 0 || back.find('\\') != std::string::npos) __builtin_trap();
    return 0;
}
