#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

// A token saved after its code was replayed, or into a family already revoked, is born revoked:
// the replay (RFC 6749 §4.1.2) or reuse (RFC 9700 §4.14.2) may be detected by a concurrent
// request before the legitimate one has written what it issued.
constexpr const char* kInsertRefresh =
    "INSERT INTO refresh_tokens(token_hash, family_id, client_id, account_id, sid, scope, code_hash, auth_time, "
    "acr, amr, auth_mode, issued_at, expires_at, used, revoked, claims_json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15 OR EXISTS (SELECT 1 FROM auth_codes WHERE code_hash = ?7 AND used > 1) "
    "OR EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = ?2 AND revoked = 1), ?16)";

// `sid` is copied from the refresh family or the code that produced the token, so a logout finds
// it even after those rows are purged.
constexpr const char* kInsertAccess =
    "INSERT INTO access_tokens(jti, client_id, family_id, sid, expires_at, revoked, claims_json) VALUES (?1, ?2, ?3, "
    "COALESCE((SELECT sid FROM refresh_tokens WHERE family_id = ?3 LIMIT 1), "
    "(SELECT sid FROM auth_codes WHERE code_hash = ?3), ''), ?4, "
    "EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = ?3 AND revoked = 1) "
    "OR EXISTS (SELECT 1 FROM auth_codes WHERE code_hash = ?3 AND used > 1), ?5)";

void insert_refresh(Connection& db, const domain::RefreshToken& token) {
    auto stmt = db.prepare(kInsertRefresh);
    stmt.bind_all(token.token_hash, token.family_id, token.client_id, token.account_id, token.sid, token.scope,
                  token.code_hash, token.auth.auth_time, token.auth.acr, amr_to_json(token.auth.amr),
                  token.auth.auth_mode, token.issued_at, token.expires_at, token.used, token.revoked,
                  token.claims_json);
    stmt.run();
}

void insert_access(Connection& db, const domain::IssuedAccessToken& token) {
    auto stmt = db.prepare(kInsertAccess);
    stmt.bind_all(token.jti, token.client_id, token.family_id, token.expires_at, token.claims_json);
    stmt.run();
}

// The refresh token first: the access token's row takes its sid from the family.
void insert_issued(Connection& db, const IssuedTokens& issued) {
    if (issued.refresh) insert_refresh(db, *issued.refresh);
    if (issued.access) insert_access(db, *issued.access);
}

// Whole families are revoked, not only the rows carrying the code hash: tokens rotated from the
// first refresh token descend from the same grant.
void revoke_from_code(Connection& db, const std::string& code_hash) {
    db.prepare("UPDATE access_tokens SET revoked = 1 WHERE revoked = 0 AND (family_id = ?1 OR family_id IN "
               "(SELECT family_id FROM refresh_tokens WHERE code_hash = ?1))")
        .bind_all(code_hash)
        .run();
    db.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE revoked = 0 AND (code_hash = ?1 OR family_id IN "
               "(SELECT family_id FROM refresh_tokens WHERE code_hash = ?1))")
        .bind_all(code_hash)
        .run();
}

} // namespace

void SqliteTokenStore::save_refresh(const domain::RefreshToken& token) {
    WriteLock lock(pool_);
    insert_refresh(lock.connection(), token);
}

std::optional<domain::RefreshToken> SqliteTokenStore::find_refresh(const std::string& token_hash) {
    auto stmt = pool_.local().prepare(
        "SELECT token_hash, family_id, client_id, account_id, sid, scope, code_hash, auth_time, acr, amr, auth_mode, "
        "issued_at, expires_at, used, revoked, claims_json, grace_until, grace_response FROM refresh_tokens "
        "WHERE token_hash = ?");
    stmt.bind_all(token_hash);
    if (!stmt.step()) return std::nullopt;
    domain::RefreshToken token;
    token.token_hash = stmt.text(0);
    token.family_id = stmt.text(1);
    token.client_id = stmt.text(2);
    token.account_id = stmt.int64(3);
    token.sid = stmt.text(4);
    token.scope = stmt.text(5);
    token.code_hash = stmt.text(6);
    token.auth = read_auth(stmt, 7);
    token.issued_at = stmt.int64(11);
    token.expires_at = stmt.int64(12);
    token.used = stmt.int64(13) != 0;
    token.revoked = stmt.int64(14) != 0;
    token.claims_json = stmt.text(15);
    token.grace_until = stmt.int64(16);
    token.grace_response = stmt.text(17);
    return token;
}

bool SqliteTokenStore::mark_refresh_used(const std::string& token_hash) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "UPDATE refresh_tokens SET used = 1 WHERE token_hash = ? AND used = 0 AND revoked = 0");
    stmt.bind_all(token_hash);
    stmt.run();
    return lock.connection().changes() == 1;
}

void SqliteTokenStore::revoke_refresh(const std::string& token_hash) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare("UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?");
    stmt.bind_all(token_hash);
    stmt.run();
}

void SqliteTokenStore::revoke_family(const std::string& family_id) {
    if (family_id.empty()) return; // '' would match tokens recorded without a family
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE family_id = ? AND revoked = 0").bind_all(family_id).run();
    db.prepare("UPDATE access_tokens SET revoked = 1 WHERE family_id = ? AND revoked = 0").bind_all(family_id).run();
    tx.commit();
}

void SqliteTokenStore::revoke_issued_from_code(const std::string& code_hash) {
    if (code_hash.empty()) return;
    WriteTransaction tx(pool_);
    revoke_from_code(tx.connection(), code_hash);
    tx.commit();
}

// `used` counts redemptions (CodeStore::consume): the first redemption sees 1. Any failure before
// the commit (a full disk, a constraint) rolls the redemption back with the tokens.
Redemption SqliteTokenStore::redeem_code(const std::string& code_hash, const IssuedTokens& issued) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    std::int64_t used = 0;
    {
        auto stmt = db.prepare("UPDATE auth_codes SET used = used + 1 WHERE code_hash = ? RETURNING used");
        stmt.bind_all(code_hash);
        if (!stmt.step()) return Redemption::unknown;
        used = stmt.int64(0);
        stmt.run();
    }
    if (used > 1) {
        revoke_from_code(db, code_hash); // a concurrent redemption won: RFC 6749 §4.1.2 replay rule
        tx.commit();
        return Redemption::replayed;
    }
    insert_issued(db, issued);
    tx.commit();
    return Redemption::issued;
}

Redemption SqliteTokenStore::rotate_refresh(const std::string& token_hash, const IssuedTokens& issued) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    auto stmt = db.prepare("UPDATE refresh_tokens SET used = 1, grace_until = ?1, grace_response = NULLIF(?2, '') "
                           "WHERE token_hash = ?3 AND used = 0 AND revoked = 0");
    stmt.bind_all(issued.grace_until, issued.grace_response, token_hash);
    stmt.run();
    if (db.changes() != 1) {
        auto exists = db.prepare("SELECT 1 FROM refresh_tokens WHERE token_hash = ?");
        exists.bind_all(token_hash);
        return exists.step() ? Redemption::replayed : Redemption::unknown; // nothing written: rolled back
    }
    insert_issued(db, issued);
    tx.commit();
    return Redemption::issued;
}

// Logout: revokes every token issued under the session, drops its unredeemed codes (a redeemed
// one stays so that a replay is still recognised) and deletes the session.
void SqliteTokenStore::revoke_session(const std::string& sid) {
    if (sid.empty()) return; // '' is the sid of tokens issued outside any session
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE access_tokens SET revoked = 1 WHERE revoked = 0 AND (sid = ?1 "
               "OR family_id IN (SELECT family_id FROM refresh_tokens WHERE sid = ?1) "
               "OR family_id IN (SELECT code_hash FROM auth_codes WHERE sid = ?1))")
        .bind_all(sid)
        .run();
    db.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE sid = ? AND revoked = 0").bind_all(sid).run();
    db.prepare("DELETE FROM auth_codes WHERE sid = ? AND used = 0").bind_all(sid).run();
    db.prepare("DELETE FROM sessions WHERE sid = ?").bind_all(sid).run();
    tx.commit();
}

void SqliteTokenStore::record_access_token(const domain::IssuedAccessToken& token) {
    WriteLock lock(pool_);
    insert_access(lock.connection(), token);
}

std::string SqliteTokenStore::access_token_claims(const std::string& jti) {
    auto stmt = pool_.local().prepare("SELECT claims_json FROM access_tokens WHERE jti = ?");
    stmt.bind_all(jti);
    return stmt.step() ? stmt.text(0) : std::string();
}

// A token never recorded (or already purged) still gets a row, kept until its expiry.
void SqliteTokenStore::revoke_access_token(const std::string& jti, domain::UnixTime expires_at) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "INSERT INTO access_tokens(jti, client_id, family_id, expires_at, revoked) VALUES (?, '', '', ?, 1) "
        "ON CONFLICT(jti) DO UPDATE SET revoked = 1");
    stmt.bind_all(jti, expires_at);
    stmt.run();
}

bool SqliteTokenStore::is_access_token_revoked(const std::string& jti) {
    auto stmt = pool_.local().prepare("SELECT revoked FROM access_tokens WHERE jti = ?");
    stmt.bind_all(jti);
    return stmt.step() && stmt.int64(0) != 0;
}

} // namespace esc::storage::sqlite
