#pragma once
#include "endpoints/deps_fwd.hpp"
#include <optional>
#include <string>

#include "domain/account.hpp"
#include "domain/client.hpp"

namespace esc::oidc {

// `sub` of an account: its national id when linked to the directory (PSC puts the national id in
// SubjectNameID and preferred_username, and RPs key their users on it), otherwise "local:<login>".
std::string subject_of(const Deps& deps, const domain::Account& account);
// The form a given client receives (PSC's legacy f:<uuid>:<idNat> on request).
std::string subject_for(const Deps& deps, const domain::Account& account, const domain::Client& client);
// The account a `sub` (any form) designates.
std::optional<domain::Account> account_of_subject(const Deps& deps, const std::string& sub);

} // namespace esc::oidc
