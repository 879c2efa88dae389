#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// Self-service registration (issue 7): four steps (card, details, services, review) kept as an
// interaction in state `registering` (its draft in the store, named by the browser's
// __Host-esc_reg cookie, so a restart or another node loses nothing), then the e-mail proof
// (`awaiting_email_proof`), which creates the account and mails its login and, separately, the
// link to choose a password.
namespace esc::portal {
http::Response handle_register_card_page(http::Request& request, const Deps& deps);
http::Response handle_register_card_submit(http::Request& request, const Deps& deps);
http::Response handle_register_details_page(http::Request& request, const Deps& deps);
http::Response handle_register_details_submit(http::Request& request, const Deps& deps);
http::Response handle_register_profile_page(http::Request& request, const Deps& deps);
http::Response handle_register_profile_submit(http::Request& request, const Deps& deps);
http::Response handle_register_review_page(http::Request& request, const Deps& deps);
http::Response handle_register_review_submit(http::Request& request, const Deps& deps);
http::Response handle_register_sent_page(http::Request& request, const Deps& deps);
// GET shows a confirmation button (mail scanners follow links: a GET never creates the account).
http::Response handle_register_verify_page(http::Request& request, const Deps& deps);
http::Response handle_register_verify_submit(http::Request& request, const Deps& deps);
} // namespace esc::portal
