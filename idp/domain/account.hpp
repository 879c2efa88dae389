#pragma once
#include <cstdint>
#include <string>
#include <vector>

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

// What a professional told about themselves at registration (the local layer beside the national
// directory). For an account linked to the directory, the directory's names and profession win;
// `review_note` says what did not match, for an administrator.
struct AccountProfile {
    std::string civility; // M | MME
    std::string family_name;
    std::string given_name;
    std::string profession; // TRE_G15 code, or "autre"
    std::string establishment;
    std::string street;
    std::string postal_code;
    std::string town;
    std::string phone;      // normalized: 10 digits
    std::string visibility; // public | professionals_only | hidden
    std::string reason;
    std::vector<std::string> communities; // ids of [communities] asked to join at registration
    std::string review_note;              // "" = nothing to review
    UnixTime created_at = 0;
};

// One successful login, for the account's history (« Mon compte »).
struct LoginEvent {
    UnixTime at = 0;
    std::string method;  // the methods proven (domain::method_name), joined by '+'; older rows: auth_mode
    std::string address; // the client's IP address
};

} // namespace esc::domain
