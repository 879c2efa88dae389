#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

// A challenge handed to the browser inside a token only this server can make: "<challenge>.<csrf
// token over binding + challenge>" (web/csrf.hpp). Showing one stores nothing; the form that answers
// brings it back, bound to what `binding` names (the interaction and the pre-login cookie, or the
// session). The caller spends a token once (ReplayStore) when one answer is all it may get.
namespace esc::web {

// `challenge` must not contain '.'; it is given back as is.
std::string sign_challenge(std::string_view challenge, std::string_view binding, std::string_view secret,
                           domain::UnixTime now);
// The challenge of a token made for `binding` at most `max_age` seconds ago; nullopt otherwise.
std::optional<std::string> signed_challenge(std::string_view token, std::string_view binding, std::string_view secret,
                                            domain::UnixTime now, domain::UnixTime max_age);

} // namespace esc::web
