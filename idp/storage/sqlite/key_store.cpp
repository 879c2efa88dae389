#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

// Oldest first, so the newest key of an algorithm is the last one: ties on created_at (keys made
// within the same second) fall back to insertion order.
std::vector<StoredKey> SqliteKeyStore::all() {
    auto stmt = pool_.local().prepare("SELECT kid, alg, private_pem, public_jwk_json, created_at, retired_at, "
                                      "publish_until FROM signing_keys ORDER BY created_at, rowid");
    std::vector<StoredKey> keys;
    while (stmt.step()) {
        StoredKey key;
        key.kid = stmt.text(0);
        key.alg = stmt.text(1);
        key.private_pem = stmt.text(2);
        key.public_jwk_json = stmt.text(3);
        key.created_at = stmt.int64(4);
        key.retired_at = stmt.int64(5);
        key.publish_until = stmt.int64(6);
        keys.push_back(std::move(key));
    }
    return keys;
}

void SqliteKeyStore::add(const StoredKey& key) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "INSERT INTO signing_keys(kid, alg, private_pem, public_jwk_json, created_at, retired_at, publish_until) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    stmt.bind_all(key.kid, key.alg, key.private_pem, key.public_jwk_json, key.created_at, key.retired_at,
                  key.publish_until);
    stmt.run();
}

void SqliteKeyStore::retire_others(const std::string& alg, const std::string& keep_kid, domain::UnixTime now,
                                   domain::UnixTime publish_until) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare("UPDATE signing_keys SET retired_at = ?, publish_until = ? "
                                          "WHERE alg = ? AND kid <> ? AND retired_at = 0");
    stmt.bind_all(now, publish_until, alg, keep_kid);
    stmt.run();
}

bool SqliteKeyStore::replace_private(const std::string& kid, const std::string& private_pem) {
    WriteLock lock(pool_);
    lock.connection().prepare("UPDATE signing_keys SET private_pem = ? WHERE kid = ?").bind_all(private_pem, kid).run();
    return lock.connection().changes() == 1;
}

// The first writer wins: INSERT ... DO NOTHING changes one row only when the key was new.
bool SqliteReplayStore::remember_once(const std::string& key, domain::UnixTime expires_at) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "INSERT INTO replay_values(key, expires_at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING");
    stmt.bind_all(key, expires_at);
    stmt.run();
    return lock.connection().changes() == 1;
}

} // namespace esc::storage::sqlite
