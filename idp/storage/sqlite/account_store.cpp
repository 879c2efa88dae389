#include <algorithm>
#include <string_view>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {
namespace {

constexpr const char* kAccountColumns = "id, login, national_id, email, email_verified, password_hash, status, "
                                        "created_at, password_changed_at, must_change_password";

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
    account.password_changed_at = row.int64(8);
    account.must_change_password = row.int64(9) != 0;
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
        "INSERT INTO accounts(login, national_id, email, email_verified, password_hash, status, created_at, "
        "password_changed_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(login) DO UPDATE SET national_id = excluded.national_id, email = excluded.email, "
        "email_verified = excluded.email_verified, password_hash = excluded.password_hash, "
        "status = excluded.status, password_changed_at = excluded.password_changed_at, "
        "must_change_password = excluded.must_change_password "
        "RETURNING id");
    stmt.bind_all(account.login, account.national_id, account.email, account.email_verified, account.password_hash,
                  status_text(account.status), account.created_at, account.password_changed_at,
                  account.must_change_password);
    if (!stmt.step()) throw StorageError("sqlite: account upsert returned no id");
    const std::int64_t id = stmt.int64(0);
    stmt.run();
    return id;
}

std::vector<domain::Account> SqliteAccountStore::find_by_email(const std::string& email) {
    std::vector<domain::Account> found;
    if (email.empty()) return found;
    static const std::string sql =
        std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE email = ? COLLATE NOCASE ORDER BY id";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(email);
    while (stmt.step())
        found.push_back(read_account(stmt));
    return found;
}

bool SqliteAccountStore::change_password(const PasswordChange& change) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    std::string old_hash;
    {
        auto current = db.prepare("SELECT password_hash FROM accounts WHERE id = ?");
        current.bind_all(change.account_id);
        if (!current.step()) return false;
        old_hash = current.text(0);
    }
    if (!change.link_hash.empty() &&
        !consume_link(db, change.link_hash, change.link_purpose, change.changed_at, change.account_id))
        return false;
    if (!old_hash.empty())
        db.prepare("INSERT INTO password_history(account_id, password_hash, replaced_at) VALUES (?, ?, ?)")
            .bind_all(change.account_id, old_hash, change.changed_at)
            .run();
    // Only the newest `history` entries are kept (rowid breaks ties within one second).
    db.prepare("DELETE FROM password_history WHERE account_id = ?1 AND rowid NOT IN (SELECT rowid FROM "
               "password_history WHERE account_id = ?1 ORDER BY replaced_at DESC, rowid DESC LIMIT ?2)")
        .bind_all(change.account_id, std::max(change.history, 0))
        .run();
    db.prepare("UPDATE accounts SET password_hash = ?, password_changed_at = ?, must_change_password = ? WHERE id = ?")
        .bind_all(change.new_hash, change.changed_at, change.must_change, change.account_id)
        .run();
    tx.commit();
    return true;
}

std::vector<std::string> SqliteAccountStore::previous_password_hashes(std::int64_t account_id) {
    auto stmt = pool_.local().prepare(
        "SELECT password_hash FROM password_history WHERE account_id = ? ORDER BY replaced_at DESC, rowid DESC");
    stmt.bind_all(account_id);
    std::vector<std::string> hashes;
    while (stmt.step())
        hashes.push_back(stmt.text(0));
    return hashes;
}

} // namespace esc::storage::sqlite
