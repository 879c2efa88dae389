#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

void insert_code(Connection& db, const domain::AuthCode& code) {
    auto stmt = db.prepare(
        "INSERT INTO auth_codes(code_hash, client_id, redirect_uri, account_id, sid, scope, nonce, code_challenge, "
        "code_challenge_method, claims_json, acr_requested, auth_time, acr, amr, auth_mode, expires_at, used) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    stmt.bind_all(code.code_hash, code.client_id, code.redirect_uri, code.account_id, code.sid, code.scope, code.nonce,
                  code.code_challenge, code.code_challenge_method, code.claims_json, code.acr_requested,
                  code.auth.auth_time, code.auth.acr, amr_to_json(code.auth.amr), code.auth.auth_mode, code.expires_at,
                  code.used);
    stmt.run();
}

} // namespace

// The common case (no back-channel logout) stays one autocommitted INSERT, as before issue 7.
void SqliteCodeStore::save(const domain::AuthCode& code, bool track_session) {
    if (!track_session || code.sid.empty()) {
        WriteLock lock(pool_);
        insert_code(lock.connection(), code);
        return;
    }
    WriteTransaction tx(pool_);
    insert_code(tx.connection(), code);
    tx.connection()
        .prepare("INSERT INTO session_clients(sid, client_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind_all(code.sid, code.client_id)
        .run();
    tx.commit();
}

namespace {

domain::AuthCode read_code(const Statement& stmt) {
    domain::AuthCode code;
    code.code_hash = stmt.text(0);
    code.client_id = stmt.text(1);
    code.redirect_uri = stmt.text(2);
    code.account_id = stmt.int64(3);
    code.sid = stmt.text(4);
    code.scope = stmt.text(5);
    code.nonce = stmt.text(6);
    code.code_challenge = stmt.text(7);
    code.code_challenge_method = stmt.text(8);
    code.claims_json = stmt.text(9);
    code.acr_requested = stmt.text(10);
    code.auth = read_auth(stmt, 11);
    code.expires_at = stmt.int64(15);
    return code;
}

} // namespace

std::optional<domain::AuthCode> SqliteCodeStore::find(const std::string& code_hash) {
    auto stmt = pool_.local().prepare(
        "SELECT code_hash, client_id, redirect_uri, account_id, sid, scope, nonce, code_challenge, "
        "code_challenge_method, claims_json, acr_requested, auth_time, acr, amr, auth_mode, expires_at, used "
        "FROM auth_codes WHERE code_hash = ?");
    stmt.bind_all(code_hash);
    if (!stmt.step()) return std::nullopt;
    auto code = read_code(stmt);
    code.used = stmt.int64(16) > 0;
    return code;
}

// One statement marks and reads: `used` counts redemptions, so a returned count above one is a
// replay (RFC 6749 §4.1.2: the code MUST NOT be used more than once). The UPDATE holds the write
// lock, so two concurrent redemptions see 1 and 2, never both 1.
std::optional<domain::AuthCode> SqliteCodeStore::consume(const std::string& code_hash) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "UPDATE auth_codes SET used = used + 1 WHERE code_hash = ? "
        "RETURNING code_hash, client_id, redirect_uri, account_id, sid, scope, nonce, code_challenge, "
        "code_challenge_method, claims_json, acr_requested, auth_time, acr, amr, auth_mode, expires_at, used");
    stmt.bind_all(code_hash);
    if (!stmt.step()) return std::nullopt;
    auto code = read_code(stmt);
    code.used = stmt.int64(16) > 1;
    stmt.run();
    return code;
}

} // namespace esc::storage::sqlite
