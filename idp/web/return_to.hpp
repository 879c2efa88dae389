#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

// Where a portal login returns: a console page that sent the browser to log in (the link of a
// referent's mail). Only paths under the listed prefixes are ever followed, so the cookie cannot
// turn the login into an open redirect.
namespace esc::web {

inline constexpr const char* kReturnCookie = "__Host-esc_return";

// Set-Cookie remembering `path_and_query` for 15 minutes ("" deletes it).
std::string return_cookie(std::string_view path_and_query);
// The remembered path when it starts with one of `allowed` and holds only URL-safe characters.
std::string return_path(const http::Request& request, const std::vector<std::string>& allowed);

} // namespace esc::web
