#include <string_view>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {
namespace {

constexpr const char* kAccountColumns =
    "id, login, national_id, email, email_verified, password_hash, status, created_at";

const char* status_text(domain::AccountStatus status) {
    switch (status) {
    case domain::AccountStatus::active:
        return "active";
    case domain::AccountStatus::locked:
        return "locked";
    case domain::AccountStatus::disabled:
        return "disabled";
    }
    return "disabled";
}

domain::AccountStatus status_from(const std::string& text) {
    if (text == "active") return domain::AccountStatus::active;
    if (text == "locked") return domain::AccountStatus::locked;
    // The schema's CHECK constraint admits nothing else; fail closed all the same.
    return domain::AccountStatus::disabled;
}

domain::Account read_account(const Statement& row) {
    domain::Account account;
    account.id = row.int64(0);
    account.login = row.text(1);
    account.national_id = row.text(2);
    account.email = row.text(3);
    account.email_verified = row.int64(4) != 0;
    account.password_hash = row.text(5);
    account.status = status_from(row.text(6));
    account.created_at = row.int64(7);
    return account;
}

} // namespace

std::optional<domain::Account> SqliteAccountStore::find_by_login(const std::string& login) {
    static const std::string sql = std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE login = ?";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(login);
    if (!stmt.step()) return std::nullopt;
    return read_account(stmt);
}

std::optional<domain::Account> SqliteAccountStore::find_by_id(std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(id);
    if (!stmt.step()) return std::nullopt;
    return read_account(stmt);
}

std::optional<domain::Account> SqliteAccountStore::find_by_national_id(const std::string& national_id) {
    if (national_id.empty()) return std::nullopt; // '' marks accounts linked to no professional
    static const std::string sql = std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE national_id = ?";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(national_id);
    if (!stmt.step()) return std::nullopt;
    return read_account(stmt);
}

// The creation time of an existing account is kept: it records when the login first existed.
std::int64_t SqliteAccountStore::upsert(const domain::Account& account) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "INSERT INTO accounts(login, national_id, email, email_verified, password_hash, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(login) DO UPDATE SET national_id = excluded.national_id, email = excluded.email, "
        "email_verified = excluded.email_verified, password_hash = excluded.password_hash, "
        "status = excluded.status "
        "RETURNING id");
    stmt.bind_all(account.login, account.national_id, account.email, account.email_verified, account.password_hash,
                  status_text(account.status), account.created_at);
    if (!stmt.step()) throw StorageError("sqlite: account upsert returned no id");
    const std::int64_t id = stmt.int64(0);
    stmt.run();
    return id;
}

} // namespace esc::storage::sqlite
