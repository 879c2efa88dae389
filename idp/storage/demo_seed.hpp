#pragma once
#include <string>

#include "storage/store.hpp"

// Sandbox data for demo mode (conf/demo/): test professionals of each profession and ready-made
// login accounts, in the spirit of Pro Santé Connect's sandbox identities.
namespace esc::storage {

struct SeedReport {
    int professionals = 0; // entries of professionals.json now in the directory
    int accounts = 0;      // entries of accounts.json now in the account table
};

// Reads `<demo_dir>/professionals.json` (an array of objects whose keys are the field names of
// domain::Professional, Exercice and Activity) and `<demo_dir>/accounts.json` (an array of
// {login, national_id, email, email_verified, password}; passwords in clear, hashed here).
// Idempotent and cheap to rerun: unchanged professionals are not rewritten (the directory
// version moves only on a real change) and a stored password hash that still verifies is kept.
// Throws std::runtime_error naming the file and the entry on any bad input.
SeedReport load_demo_seed(Store& store, const std::string& demo_dir);

} // namespace esc::storage
