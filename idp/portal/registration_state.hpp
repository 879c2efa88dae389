#pragma once
// Private to portal/registration*.cpp: the browser's registration in progress and its draft.
#include <optional>
#include <string>

#include "domain/registration.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/interactions.hpp"
#include "http/message.hpp"

namespace esc::portal::registration {

inline constexpr const char* kCookie = "__Host-esc_reg";
inline constexpr domain::UnixTime kDraftLifetime = 24 * 3600; // idle draft, slides with each step
inline constexpr domain::UnixTime kProofLifetime = 48 * 3600; // the e-mail link

struct Current {
    endpoints::Interaction interaction;
    domain::RegistrationDraft draft;
};

// The registration the browser's cookie names, in `state`, with a readable draft.
std::optional<Current> current(const Deps& deps, const http::Request& request,
                               domain::InteractionState state = domain::InteractionState::registering);
// Writes the draft back (compare-and-set on `registering`), sliding its lifetime; false when the
// registration moved on or expired meanwhile.
bool save(const Deps& deps, const Current& reg);
std::string csrf_binding(const std::string& registration_id);
std::string set_cookie(const std::string& registration_id);
std::string clear_cookie();
// The first step not completed yet ("" when all are): where an out-of-order page sends the browser.
std::string first_incomplete_step(const Deps& deps, const domain::RegistrationDraft& draft);
// 303 to `location` (after a POST, RFC 9110 §15.4.4), optionally setting a cookie; never cached.
http::Response see_other(const std::string& location, std::string cookie = "");
// 400 page: the registration expired or is unknown, with a way to start again.
http::Response expired_page(const Deps& deps);
// The services a registration may ask for, given the profession typed at step 2.
std::vector<std::string> requestable_services(const Deps& deps, const std::string& profession);

} // namespace esc::portal::registration
