#pragma once
#include <string>
#include <string_view>
#include <unordered_set>

namespace esc::domain {

// The compiled-in list (domain/data/common_passwords.txt), comments included.
std::string_view common_passwords_text();

// Its entries, lower-cased, for PasswordContext::common; built once on first use.
const std::unordered_set<std::string>& common_passwords();

} // namespace esc::domain
