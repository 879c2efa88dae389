#pragma once
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/account_link.hpp"
#include "endpoints/deps_fwd.hpp"

// What every new-password form shares (reset link, first password, change at login).
namespace esc::portal {

struct NewPasswordCheck {
    std::vector<std::string> password_errors; // French, next to the password field
    std::string confirmation_error;           // next to the confirmation field
    bool ok() const { return password_errors.empty() && confirmation_error.empty(); }
};

// The configured policy against the account's login, its directory names, the common list and its
// current and previous passwords (Argon2id verifications: call on the password pool).
NewPasswordCheck check_new_password(const Deps& deps, const domain::Account& account, const std::string& password,
                                    const std::string& confirmation);

// Hashes `password` and writes it, spending `link` in the same transaction when given; false when
// the link was spent meanwhile. Then ends every session of the account but `keep_session_hash`,
// with its tokens.
bool store_new_password(const Deps& deps, const domain::Account& account, const std::string& password,
                        const domain::AccountLink* link, const std::string& keep_session_hash = "");

} // namespace esc::portal
