#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "domain/time.hpp"

// Password rules for the accounts Esculape keeps (issue 7, "Password policy and recovery"), after
// ANSSI's recommendations on passwords and NIST SP 800-63B §5.1.1.2: length first, no forced
// character classes, refuse what is known or guessable (common passwords, the login, the names),
// no reuse of the last ones. Expiry is the portals' rule, configurable, 0 = never.
namespace esc::domain {

// Mirrors config's [password] section (the domain does not depend on config).
struct PasswordPolicy {
    int min_length = 12;    // code points
    int max_length = 128;   // code points: Argon2id hashes anything, the form must stay bounded
    int max_age_days = 120; // 0 = passwords do not expire
    int warn_days = 14;     // the portal warns this many days before expiry
    int history = 2;        // the new password differs from the previous `history` ones
};

enum class PasswordProblem {
    too_short,
    too_long,
    not_text, // not valid UTF-8, or control characters
    common,   // in the list of common passwords
    contains_login,
    contains_name,
    same_as_previous, // one of the last `history` passwords (or the current one)
};

// French sentence shown next to the field.
std::string password_problem_message(PasswordProblem problem, const PasswordPolicy& policy);

// What the candidate is compared with. `matches_previous` checks it against the current and the
// last `history` stored hashes (Argon2id verification lives in crypto, not here).
struct PasswordContext {
    std::string_view login;
    std::vector<std::string_view> names;                     // first and last names, each compared on its own
    const std::unordered_set<std::string>* common = nullptr; // lower-case; nullptr = no list
    std::function<bool(std::string_view)> matches_previous;
};

// Every problem found, in the order above; empty = accepted.
std::vector<PasswordProblem> check_password(std::string_view candidate, const PasswordPolicy& policy,
                                            const PasswordContext& context);

enum class PasswordAge { valid, expiring_soon, expired };
struct PasswordStatus {
    PasswordAge age = PasswordAge::valid;
    int days_left = 0; // whole days before expiry (expiring_soon), 0 when expired or no expiry
};

// From when the password was set; a temporary password (`must_change`) is expired at once.
PasswordStatus password_status(const PasswordPolicy& policy, UnixTime changed_at, bool must_change, UnixTime now);

} // namespace esc::domain
