#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"
#include "web/views/console_access.hpp"

namespace esc::web {

// The service catalogue as administrators see it, with each service's referents. Posted fields:
// csrf, action (add_referent | remove_referent), service, login, departments, postal_prefixes,
// default ("1" when ticked).
struct ConsoleServicesView {
    struct Referent {
        std::string login;
        std::string territory; // « Départements 44, 85 ; codes postaux 531 »
        bool is_default = false;
        bool from_file = false;
    };
    struct Service {
        std::string id;
        std::string name;
        std::string description;
        std::string policy; // French
        std::string min_level;
        std::string front_url;
        std::vector<std::string> redirect_uris;
        std::string auth_method;
        std::string backchannel_logout_uri;
        std::vector<Referent> referents;
        bool on_approval = false;
    };
    std::string user;
    std::string action;
    std::string csrf;
    std::vector<Service> services;
    std::vector<ConsoleServiceChoice> approval_services; // the add form's choices
    // The add form as typed, and its errors.
    std::string login;
    std::string departments;
    std::string postal_prefixes;
    bool is_default = false;
    std::string login_error;
    std::string territory_error;
    std::string message;
    std::string error;
};
std::string render_view(const Pages& pages, const ConsoleServicesView& view);

} // namespace esc::web
