#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"
#include "web/views/console_access.hpp"

namespace esc::web {

// An administrator grants services directly: finds the professional in the directory (GET field
// national_id), sets the main e-mail of a new account, ticks the services. Posted fields: csrf,
// national_id, email, services (repeated).
struct ConsoleGrantView {
    std::string user;
    std::string action;
    std::string csrf;
    std::string national_id; // as typed
    std::string search_error;
    bool found = false;
    std::string professional;
    std::string profession;
    std::string places;
    std::string login; // the existing account's, "" when there is none yet
    std::string email;
    std::string email_error;
    std::vector<ConsoleServiceChoice> services; // selected = ticked (or already accepted)
    std::vector<std::string> already;           // names of services already accepted
    std::string services_error;
    std::string message;
    std::string list_url;
};
std::string render_view(const Pages& pages, const ConsoleGrantView& view);

} // namespace esc::web
