#include <nlohmann/json.hpp>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

std::string amr_to_json(const std::vector<std::string>& amr) {
    return nlohmann::json(amr).dump();
}

std::vector<std::string> amr_from_json(const std::string& json) {
    if (json.empty()) return {};
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_array()) throw StorageError("sqlite: stored amr is not a JSON array");
    std::vector<std::string> amr;
    for (const auto& value : parsed) {
        if (!value.is_string()) throw StorageError("sqlite: stored amr holds a non-string value");
        amr.push_back(value.get<std::string>());
    }
    return amr;
}

domain::AuthContext read_auth(const Statement& row, int first) {
    domain::AuthContext auth;
    auth.auth_time = row.int64(first);
    auth.acr = row.text(first + 1);
    auth.amr = amr_from_json(row.text(first + 2));
    auth.auth_mode = row.text(first + 3);
    return auth;
}

namespace {

domain::Session read_session(const Statement& row) {
    domain::Session session;
    session.id_hash = row.text(0);
    session.sid = row.text(1);
    session.account_id = row.int64(2);
    session.auth = read_auth(row, 3);
    session.created_at = row.int64(7);
    session.last_seen = row.int64(8);
    session.expires_at = row.int64(9);
    session.auth.methods = amr_from_json(row.text(10));
    return session;
}

} // namespace

void SqliteSessionStore::create(const domain::Session& session) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "INSERT INTO sessions(id_hash, sid, account_id, auth_time, acr, amr, auth_mode, created_at, last_seen, "
        "expires_at, methods) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    stmt.bind_all(session.id_hash, session.sid, session.account_id, session.auth.auth_time, session.auth.acr,
                  amr_to_json(session.auth.amr), session.auth.auth_mode, session.created_at, session.last_seen,
                  session.expires_at, amr_to_json(session.auth.methods));
    stmt.run();
}

std::optional<domain::Session> SqliteSessionStore::find(const std::string& id_hash) {
    auto stmt = pool_.local().prepare("SELECT id_hash, sid, account_id, auth_time, acr, amr, auth_mode, created_at, "
                                      "last_seen, expires_at, methods FROM sessions WHERE id_hash = ?");
    stmt.bind_all(id_hash);
    if (!stmt.step()) return std::nullopt;
    return read_session(stmt);
}

std::optional<domain::Session> SqliteSessionStore::find_by_sid(const std::string& sid) {
    auto stmt = pool_.local().prepare("SELECT id_hash, sid, account_id, auth_time, acr, amr, auth_mode, created_at, "
                                      "last_seen, expires_at, methods FROM sessions WHERE sid = ?");
    stmt.bind_all(sid);
    if (!stmt.step()) return std::nullopt;
    return read_session(stmt);
}

void SqliteSessionStore::touch(const std::string& id_hash, domain::UnixTime last_seen) {
    // Never moves backwards: concurrent requests of one browser may finish out of order.
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare("UPDATE sessions SET last_seen = ?1 WHERE id_hash = ?2 AND last_seen < ?1");
    stmt.bind_all(last_seen, id_hash);
    stmt.run();
}

std::vector<domain::Session> SqliteSessionStore::for_account(std::int64_t account_id) {
    auto stmt =
        pool_.local().prepare("SELECT id_hash, sid, account_id, auth_time, acr, amr, auth_mode, created_at, "
                              "last_seen, expires_at, methods FROM sessions WHERE account_id = ? ORDER BY created_at");
    stmt.bind_all(account_id);
    std::vector<domain::Session> found;
    while (stmt.step())
        found.push_back(read_session(stmt));
    return found;
}

std::vector<std::string> SqliteSessionStore::clients_of(const std::string& sid) {
    auto stmt = pool_.local().prepare("SELECT client_id FROM session_clients WHERE sid = ? ORDER BY client_id");
    stmt.bind_all(sid);
    std::vector<std::string> out;
    while (stmt.step())
        out.push_back(stmt.text(0));
    return out;
}

bool SqliteSessionStore::raise_assurance(const std::string& id_hash, const std::string& new_id_hash,
                                         const domain::AuthContext& auth) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare("UPDATE sessions SET id_hash = ?, auth_time = ?, acr = ?, amr = ?, "
                                          "auth_mode = ?, methods = ? WHERE id_hash = ?");
    stmt.bind_all(new_id_hash, auth.auth_time, auth.acr, amr_to_json(auth.amr), auth.auth_mode,
                  amr_to_json(auth.methods), id_hash);
    stmt.run();
    return lock.connection().changes() > 0;
}

void SqliteSessionStore::remove(const std::string& id_hash) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare("DELETE FROM sessions WHERE id_hash = ?");
    stmt.bind_all(id_hash);
    stmt.run();
}

} // namespace esc::storage::sqlite
