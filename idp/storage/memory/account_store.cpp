#include <algorithm>
#include <cctype>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

namespace {

bool equal_ignoring_ascii_case(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

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

std::vector<domain::Account> MemoryAccountStore::find_by_email(const std::string& email) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::Account> found;
    if (email.empty()) return found;
    for (const auto& [id, a] : s_.accounts) // ids grow with creation: oldest first
        if (equal_ignoring_ascii_case(a.email, email)) found.push_back(a);
    return found;
}

bool MemoryAccountStore::change_password(const PasswordChange& change) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.accounts.find(change.account_id);
    if (it == s_.accounts.end()) return false;
    if (!change.link_hash.empty()) {
        auto* link = usable_link_locked(s_, change.link_hash, change.link_purpose, change.changed_at);
        if (!link || link->account_id != change.account_id) return false;
        link->used_at = change.changed_at;
    }
    auto& account = it->second;
    auto& history = s_.password_history[account.id];
    if (!account.password_hash.empty()) history.insert(history.begin(), account.password_hash);
    if (history.size() > static_cast<std::size_t>(std::max(change.history, 0)))
        history.resize(static_cast<std::size_t>(std::max(change.history, 0)));
    account.password_hash = change.new_hash;
    account.password_changed_at = change.changed_at;
    account.must_change_password = change.must_change;
    return true;
}

std::vector<std::string> MemoryAccountStore::previous_password_hashes(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.password_history.find(account_id);
    return it == s_.password_history.end() ? std::vector<std::string>{} : it->second;
}

} // namespace esc::storage::memory
