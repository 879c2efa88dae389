#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

namespace {

template <class Pred> std::optional<domain::Account> find_if(State& s, Pred pred) {
    std::lock_guard lock(s.mutex);
    for (const auto& [id, account] : s.accounts)
        if (pred(account)) return account;
    return std::nullopt;
}

} // namespace

std::optional<domain::Account> MemoryAccountStore::find_by_login(const std::string& login) {
    return find_if(s_, [&](const domain::Account& a) { return a.login == login; });
}

std::optional<domain::Account> MemoryAccountStore::find_by_id(std::int64_t id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.accounts.find(id);
    if (it == s_.accounts.end()) return std::nullopt;
    return it->second;
}

std::optional<domain::Account> MemoryAccountStore::find_by_national_id(const std::string& national_id) {
    if (national_id.empty()) return std::nullopt; // '' marks accounts linked to no professional
    return find_if(s_, [&](const domain::Account& a) { return a.national_id == national_id; });
}

// By login: an existing account keeps its id and creation time. A national id is linked to one
// account at most (the unique index of the SQLite schema).
std::int64_t MemoryAccountStore::upsert(const domain::Account& account) {
    std::lock_guard lock(s_.mutex);
    domain::Account* existing = nullptr;
    for (auto& [id, a] : s_.accounts) {
        if (a.login == account.login)
            existing = &a;
        else if (!account.national_id.empty() && a.national_id == account.national_id)
            throw StorageError("memory: national id " + account.national_id + " is already linked to account " +
                               a.login);
    }
    if (existing) {
        const auto id = existing->id;
        const auto created_at = existing->created_at;
        *existing = account;
        existing->id = id;
        existing->created_at = created_at;
        return id;
    }
    domain::Account stored = account;
    stored.id = s_.next_account_id++;
    s_.accounts[stored.id] = stored;
    return stored.id;
}

} // namespace esc::storage::memory
