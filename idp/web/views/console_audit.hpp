#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// The console's audit log: newest first, filtered by action prefix and actor, with the CSV link of
// the same filter. Read-only: nothing on this page changes an entry.
struct ConsoleAuditView {
    struct Row {
        std::string at; // French date
        std::string actor;
        std::string action;
        std::string target;
        std::string before;
        std::string after;
        std::string address;
    };
    std::vector<Row> rows;
    std::string action_filter;
    std::string actor_filter;
    std::string filter_error;
    std::string csv_url;
    std::string administrator;
    int limit = 200;
};
std::string render_view(const Pages& pages, const ConsoleAuditView& view);

} // namespace esc::web
