#pragma once
#include "domain/account.hpp"
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// "Mot de passe oublié" and the single-use link it mails (issue 7, "Password policy and recovery").
namespace esc::portal {
// GET /password/forgot: the form (identifier or e-mail).
// Mails the account its login with a single-use link to choose a new password (« Mot de passe
// oublié », and the helpdesk's « Renvoyer l'identifiant » on the console).
void send_reset_link(const Deps& deps, const domain::Account& account);

http::Response handle_password_forgot_page(http::Request& request, const Deps& deps);
// POST /password/forgot: always the same answer, whether an account matched or not; a matching
// active account with an address gets a reset link by mail (rate-limited per account and address).
http::Response handle_password_forgot_submit(http::Request& request, const Deps& deps);
// GET /password/reset?token=…: the new-password form of a usable link.
http::Response handle_password_reset_page(http::Request& request, const Deps& deps);
// POST /password/reset: checks the policy, sets the password, spends the link and ends every
// session of the account (their tokens revoked). Argon2id: on the password pool.
http::Response handle_password_reset_submit(http::Request& request, const Deps& deps);
} // namespace esc::portal
