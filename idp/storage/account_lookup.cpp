#include "storage/account_lookup.hpp"

#include "domain/registration.hpp"

namespace esc::storage {

std::optional<domain::Account> find_account_named(AccountStore& accounts, const std::string& typed) {
    if (typed.empty()) return std::nullopt;
    if (auto a = accounts.find_by_login(typed)) return a;
    if (auto a = accounts.find_by_alias(typed)) return a;
    if (auto a = accounts.find_by_national_id(typed)) return a;
    if (auto id = domain::national_id_of(typed)) return accounts.find_by_national_id(*id);
    return std::nullopt;
}

} // namespace esc::storage
