#include "storage/account_profile_json.hpp"
#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {
namespace {

bool exists(Connection& db, const char* sql, const std::string& value) {
    auto stmt = db.prepare(sql);
    stmt.bind_all(value);
    return stmt.step();
}

} // namespace

// One transaction: either the account exists with its profile, requests, link and both mails, or
// nothing was written.
CreatedAccount SqliteAccountStore::create(const NewAccount& n) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    if (exists(db, "SELECT 1 FROM accounts WHERE login = ?", n.account.login) ||
        exists(db, "SELECT 1 FROM login_aliases WHERE alias = ?", n.account.login))
        return {CreateOutcome::login_taken, 0};
    if (!n.account.national_id.empty() &&
        exists(db, "SELECT 1 FROM accounts WHERE national_id = ?", n.account.national_id))
        return {CreateOutcome::national_id_taken, 0};
    const auto& a = n.account;
    std::int64_t id = 0;
    {
        auto stmt = db.prepare("INSERT INTO accounts(login, national_id, email, email_verified, password_hash, status, "
                               "created_at, password_changed_at, must_change_password) "
                               "VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id");
        stmt.bind_all(a.login, a.national_id, a.email, a.email_verified, a.password_hash, a.created_at,
                      a.password_changed_at, a.must_change_password);
        if (!stmt.step()) throw StorageError("sqlite: account insert returned no id");
        id = stmt.int64(0);
        stmt.run();
    }
    db.prepare("INSERT INTO account_profiles(account_id, profile, review_note, created_at) VALUES (?, ?, ?, ?)")
        .bind_all(id, profile_to_json(n.profile), n.profile.review_note, n.profile.created_at)
        .run();
    if (!n.login_mail.recipient.empty()) enqueue_mail(db, n.login_mail);
    if (const auto& l = n.password_link; !l.token_hash.empty())
        db.prepare("INSERT INTO account_links(token_hash, purpose, account_id, email, created_at, expires_at, used_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, 0)")
            .bind_all(l.token_hash, std::string(domain::name_of(l.purpose)), id, l.email, l.created_at, l.expires_at)
            .run();
    if (!n.password_mail.recipient.empty()) enqueue_mail(db, n.password_mail);
    tx.commit();
    return {CreateOutcome::created, id};
}

std::optional<domain::AccountProfile> SqliteAccountStore::profile(std::int64_t account_id) {
    auto stmt =
        pool_.local().prepare("SELECT profile, review_note, created_at FROM account_profiles WHERE account_id = ?");
    stmt.bind_all(account_id);
    if (!stmt.step()) return std::nullopt;
    auto profile = profile_from_json(stmt.text(0));
    if (!profile) throw StorageError("sqlite: the profile of account " + std::to_string(account_id) + " is unreadable");
    profile->review_note = stmt.text(1);
    profile->created_at = stmt.int64(2);
    return profile;
}

void SqliteAccountStore::put_profile(std::int64_t account_id, const domain::AccountProfile& profile) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("INSERT INTO account_profiles(account_id, profile, review_note, created_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(account_id) DO UPDATE SET profile = excluded.profile, review_note = excluded.review_note")
        .bind_all(account_id, profile_to_json(profile), profile.review_note, profile.created_at)
        .run();
}

bool SqliteAccountStore::change_email(std::int64_t account_id, const std::string& link_hash, domain::UnixTime now,
                                      const std::optional<domain::OutboundMail>& notice) {
    WriteTransaction tx(pool_);
    auto link = consume_link(tx.connection(), link_hash, domain::LinkPurpose::verify_email, now, account_id);
    if (!link) return false;
    tx.connection()
        .prepare("UPDATE accounts SET email = ?, email_verified = 1 WHERE id = ?")
        .bind_all(link->email, account_id)
        .run();
    if (notice) enqueue_mail(tx.connection(), *notice);
    tx.commit();
    return true;
}

void SqliteAccountStore::record_login(std::int64_t account_id, const domain::LoginEvent& event) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("INSERT INTO login_events(account_id, at, method, address) VALUES (?, ?, ?, ?)")
        .bind_all(account_id, event.at, event.method, event.address)
        .run();
    db.prepare("DELETE FROM login_events WHERE account_id = ?1 AND rowid NOT IN (SELECT rowid FROM login_events "
               "WHERE account_id = ?1 ORDER BY at DESC, rowid DESC LIMIT ?2)")
        .bind_all(account_id, kKeptLogins)
        .run();
    tx.commit();
}

std::vector<domain::LoginEvent> SqliteAccountStore::recent_logins(std::int64_t account_id, int limit) {
    auto stmt = pool_.local().prepare(
        "SELECT at, method, address FROM login_events WHERE account_id = ? ORDER BY at DESC, rowid DESC LIMIT ?");
    stmt.bind_all(account_id, limit);
    std::vector<domain::LoginEvent> out;
    while (stmt.step())
        out.push_back({stmt.int64(0), stmt.text(1), stmt.text(2)});
    return out;
}

bool SqliteAccountStore::add_alias(const std::string& alias, std::int64_t account_id, domain::UnixTime now) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    if (exists(db, "SELECT 1 FROM accounts WHERE login = ?", alias)) return false;
    db.prepare("INSERT INTO login_aliases(alias, account_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind_all(alias, account_id, now)
        .run();
    const bool added = db.changes() == 1;
    tx.commit();
    return added;
}

bool SqliteAccountStore::retire_alias(const std::string& alias, domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE login_aliases SET retired_at = ? WHERE alias = ? AND retired_at = 0").bind_all(now, alias).run();
    return db.changes() == 1;
}

std::optional<domain::Account> SqliteAccountStore::find_by_alias(const std::string& alias) {
    auto stmt = pool_.local().prepare("SELECT account_id FROM login_aliases WHERE alias = ? AND retired_at = 0");
    stmt.bind_all(alias);
    if (!stmt.step()) return std::nullopt;
    const auto id = stmt.int64(0);
    return find_by_id(id);
}

bool SqliteAccountStore::login_taken(const std::string& login) {
    auto& db = pool_.local();
    return exists(db, "SELECT 1 FROM accounts WHERE login = ?", login) ||
           exists(db, "SELECT 1 FROM login_aliases WHERE alias = ?", login);
}

} // namespace esc::storage::sqlite
