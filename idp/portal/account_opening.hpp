#pragma once
#include <cstdint>
#include <string>

#include "endpoints/deps_fwd.hpp"
#include "storage/store.hpp"

namespace esc::portal {

struct OpenedAccount {
    storage::CreateOutcome outcome = storage::CreateOutcome::created;
    std::string login;
    std::int64_t id = 0;
};

// Opens `n` (account and profile filled, no login yet) under the first free login the login rule
// gives for these names, with the mail carrying the login and, apart, the single-use link to choose
// a password. Another creation may take the same login between the check and the insert, hence the
// retries; `national_id_taken` when the professional already has an account (nothing written).
// Shared by the self-service registration and the administrators' direct grant.
OpenedAccount open_account(const Deps& deps, storage::NewAccount n, const std::string& given_name,
                           const std::string& family_name);

} // namespace esc::portal
