#include <set>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

// Literals, so that each statement's text is a string constant (the connection caches by it).
#define OCRA_COLUMNS "serial, account_id, wrapped_key, created_at, last_used_at, revoked_at"
#define PASSKEY_COLUMNS                                                                                                \
    "credential_id, account_id, name, public_key, cose_alg, sign_count, created_at, last_used_at, revoked_at"

domain::OcraToken read_ocra(const Statement& row) {
    domain::OcraToken t;
    t.serial = row.text(0);
    t.account_id = row.int64(1);
    t.wrapped_key = row.text(2);
    t.created_at = row.int64(3);
    t.last_used_at = row.int64(4);
    t.revoked_at = row.int64(5);
    return t;
}

domain::Passkey read_passkey(const Statement& row) {
    domain::Passkey p;
    p.credential_id = row.text(0);
    p.account_id = row.int64(1);
    p.name = row.text(2);
    p.public_key = row.text(3);
    p.cose_alg = static_cast<int>(row.int64(4));
    p.sign_count = static_cast<std::uint32_t>(row.int64(5));
    p.created_at = row.int64(6);
    p.last_used_at = row.int64(7);
    p.revoked_at = row.int64(8);
    return p;
}

} // namespace

std::vector<std::string> SqliteCredentialStore::add_ocra_tokens(const std::vector<domain::OcraToken>& tokens) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    std::vector<std::string> taken;
    std::set<std::string> seen;
    for (const auto& t : tokens) {
        auto exists = db.prepare("SELECT 1 FROM ocra_tokens WHERE serial = ?");
        exists.bind_all(t.serial);
        if (exists.step() || !seen.insert(t.serial).second) taken.push_back(t.serial);
    }
    if (!taken.empty()) return taken; // rolled back: nothing written
    for (const auto& t : tokens)
        db.prepare("INSERT INTO ocra_tokens(" OCRA_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)")
            .bind_all(t.serial, t.account_id, t.wrapped_key, t.created_at, t.last_used_at, t.revoked_at)
            .run();
    tx.commit();
    return {};
}

std::vector<domain::OcraToken> SqliteCredentialStore::ocra_tokens_of(std::int64_t account_id) {
    auto stmt =
        pool_.local().prepare("SELECT " OCRA_COLUMNS " FROM ocra_tokens WHERE account_id = ? AND revoked_at = 0 "
                              "ORDER BY created_at, serial");
    stmt.bind_all(account_id);
    std::vector<domain::OcraToken> out;
    while (stmt.step())
        out.push_back(read_ocra(stmt));
    return out;
}

void SqliteCredentialStore::touch_ocra_token(const std::string& serial, domain::UnixTime now) {
    WriteLock lock(pool_);
    lock.connection().prepare("UPDATE ocra_tokens SET last_used_at = ? WHERE serial = ?").bind_all(now, serial).run();
}

bool SqliteCredentialStore::revoke_ocra_token(const std::string& serial, domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE ocra_tokens SET revoked_at = ? WHERE serial = ? AND revoked_at = 0").bind_all(now, serial).run();
    return db.changes() == 1;
}

bool SqliteCredentialStore::add_passkey(const domain::Passkey& p) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("INSERT INTO passkeys(" PASSKEY_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT(credential_id) DO NOTHING")
        .bind_all(p.credential_id, p.account_id, p.name, p.public_key, static_cast<std::int64_t>(p.cose_alg),
                  static_cast<std::int64_t>(p.sign_count), p.created_at, p.last_used_at, p.revoked_at)
        .run();
    return db.changes() == 1;
}

std::optional<domain::Passkey> SqliteCredentialStore::find_passkey(const std::string& credential_id) {
    auto stmt =
        pool_.local().prepare("SELECT " PASSKEY_COLUMNS " FROM passkeys WHERE credential_id = ? AND revoked_at = 0");
    stmt.bind_all(credential_id);
    if (!stmt.step()) return std::nullopt;
    return read_passkey(stmt);
}

std::vector<domain::Passkey> SqliteCredentialStore::passkeys_of(std::int64_t account_id) {
    auto stmt =
        pool_.local().prepare("SELECT " PASSKEY_COLUMNS " FROM passkeys WHERE account_id = ? AND revoked_at = 0 "
                              "ORDER BY created_at, credential_id");
    stmt.bind_all(account_id);
    std::vector<domain::Passkey> out;
    while (stmt.step())
        out.push_back(read_passkey(stmt));
    return out;
}

bool SqliteCredentialStore::use_passkey(const std::string& credential_id, std::uint32_t expected,
                                        std::uint32_t new_count, domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE passkeys SET sign_count = ?, last_used_at = ? "
               "WHERE credential_id = ? AND sign_count = ? AND revoked_at = 0")
        .bind_all(static_cast<std::int64_t>(new_count), now, credential_id, static_cast<std::int64_t>(expected))
        .run();
    return db.changes() == 1;
}

bool SqliteCredentialStore::revoke_passkey(const std::string& credential_id, std::int64_t account_id,
                                           domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE passkeys SET revoked_at = ? WHERE credential_id = ? AND account_id = ? AND revoked_at = 0")
        .bind_all(now, credential_id, account_id)
        .run();
    return db.changes() == 1;
}

} // namespace esc::storage::sqlite
