#pragma once
#include <optional>
#include <string>

#include "domain/account.hpp"

// The stored form of an account's profile (a JSON object, one column): new fields need no migration.
namespace esc::storage {
std::string profile_to_json(const domain::AccountProfile& profile);
// nullopt when the text is not a profile object.
std::optional<domain::AccountProfile> profile_from_json(const std::string& text);
} // namespace esc::storage
