#pragma once
#include <variant>

#include "endpoints/deps_fwd.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "http/message.hpp"

namespace esc::portal {

// A form posted by a signed-in professional (portal, « Mon compte »), once its checks passed.
struct SignedInForm {
    endpoints::ActiveSession session;
    http::FormParams form;
};

// The checks every such form needs, in order: not posted by another site (403 page), a live SSO
// session (else to the login page), a CSRF token bound to that session (else a 400 page).
std::variant<SignedInForm, http::Response> signed_in_form(const http::Request& request, const Deps& deps);

} // namespace esc::portal
