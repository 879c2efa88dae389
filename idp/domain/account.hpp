#pragma once
#include <cstdint>
#include <string>

#include "domain/time.hpp"

namespace esc::domain {

enum class AccountStatus { active, locked, disabled };

// A login account (local layer): separate from the directory, linked to it by national id.
struct Account {
    std::int64_t id = 0;
    std::string login;
    std::string national_id; // may be empty for an account not linked to the directory
    std::string email;
    bool email_verified = false;
    std::string password_hash; // Argon2id encoded string ($argon2id$v=19$...)
    AccountStatus status = AccountStatus::active;
    UnixTime created_at = 0;
    UnixTime password_changed_at = 0;  // when password_hash was set: the policy's expiry counts from it
    bool must_change_password = false; // a temporary password (set by an administrator or an import)
};

} // namespace esc::domain
