#pragma once
#include <optional>
#include <string>

#include "domain/account.hpp"
#include "storage/store.hpp"

namespace esc::storage {

// The account a professional (or an administrator's file) names: its login, an alias of it, its
// national id, or an RPPS/ADELI number (domain::national_id_of). nullopt for an empty text.
std::optional<domain::Account> find_account_named(AccountStore& accounts, const std::string& typed);

} // namespace esc::storage
