#pragma once
#include "admin/console_guard.hpp"
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"
#include "web/views/console_access.hpp"

// The console's access requests: the list a referent works through (their territory only), one
// request's record with its history, and the decisions (access_decisions.cpp).
namespace esc::admin {

http::Response handle_console_access(http::Request& request, const Deps& deps);
http::Response handle_console_access_record(http::Request& request, const Deps& deps);
http::Response handle_console_access_decide(http::Request& request, const Deps& deps);
http::Response handle_console_access_reauth(http::Request& request, const Deps& deps);

// The record page of `record` as `access` may see it (shared by the page and the decisions).
web::ConsoleAccessRecordView record_view(const Deps& deps, const ConsoleAccess& access,
                                         const domain::AccessRequest& record);
// Whether the session's login is recent enough for a decision ([console] reauthentication_after).
bool recent_login(const Deps& deps, const ConsoleAccess& access);
// The 404 of a request that does not exist or is not this person's to see (the same answer: a
// guessed URL tells nothing).
http::Response unknown_request(const Deps& deps);

} // namespace esc::admin
