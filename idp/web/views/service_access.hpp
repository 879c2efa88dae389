#pragma once
#include <string>

#include "web/pages.hpp"

namespace esc::web {

// The authorization endpoint's answer when the signed-in professional may not use the service yet:
// what the state is, and a button to ask for access when asking is possible.
// Posted fields of the request form: csrf, client_id.
struct ServiceAccessView {
    std::string service;
    std::string state; // not_requested | to_process | refused | not_eligible
    std::string since; // French date of the request or decision
    std::string reason;
    std::string request_action; // POST target of « Demander l’accès »
    std::string client_id;
    std::string csrf;
    std::string portal_url;
};
std::string render_view(const Pages& pages, const ServiceAccessView& view);

} // namespace esc::web
