#include <string>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

std::string state_text(domain::InteractionState state) {
    return std::string(domain::name_of(state));
}

} // namespace

void SqliteInteractionStore::create(const StoredInteraction& i) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("INSERT INTO interactions(id, payload, state, created_at, expires_at, authenticated_at, "
                 "session_id_hash, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(i.id, i.payload, state_text(i.state), i.created_at, i.expires_at, i.authenticated_at,
                  i.session_id_hash, i.account_id)
        .run();
}

std::optional<StoredInteraction> SqliteInteractionStore::find(const std::string& id, domain::UnixTime now) {
    auto stmt = pool_.local().prepare("SELECT id, payload, state, created_at, expires_at, authenticated_at, "
                                      "session_id_hash, account_id FROM interactions WHERE id = ? AND expires_at >= ?");
    stmt.bind_all(id, now);
    if (!stmt.step()) return std::nullopt;
    StoredInteraction i;
    i.id = stmt.text(0);
    i.payload = stmt.text(1);
    auto state = domain::interaction_state_from_name(stmt.text(2));
    if (!state) throw StorageError("sqlite: interaction " + i.id + " has an unknown state '" + stmt.text(2) + "'");
    i.state = *state;
    i.created_at = stmt.int64(3);
    i.expires_at = stmt.int64(4);
    i.authenticated_at = stmt.int64(5);
    i.session_id_hash = stmt.text(6);
    i.account_id = stmt.int64(7);
    return i;
}

// The WHERE on the expected state is the compare-and-set: SQLite serialises writers (and the
// database lock serialises processes), so of two updates from the same state one changes the row.
bool SqliteInteractionStore::transition(const std::string& id, domain::InteractionState expected,
                                        domain::InteractionState next, domain::UnixTime now,
                                        const std::string& session_id_hash, std::int64_t account_id) {
    const bool authenticating = next == domain::InteractionState::authenticated;
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE interactions SET state = ?1, "
               "authenticated_at = CASE WHEN ?2 THEN ?3 ELSE authenticated_at END, "
               "session_id_hash = CASE WHEN ?2 THEN ?4 ELSE session_id_hash END, "
               "account_id = CASE WHEN ?7 <> 0 THEN ?7 ELSE account_id END "
               "WHERE id = ?5 AND state = ?6 AND expires_at >= ?3")
        .bind_all(state_text(next), authenticating, now, session_id_hash, id, state_text(expected), account_id)
        .run();
    return db.changes() == 1;
}

bool SqliteInteractionStore::update(const std::string& id, domain::InteractionState expected,
                                    const std::string& payload, domain::UnixTime expires_at, domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE interactions SET payload = ?, expires_at = ? WHERE id = ? AND state = ? AND expires_at >= ?")
        .bind_all(payload, expires_at, id, state_text(expected), now)
        .run();
    return db.changes() == 1;
}

void SqliteInteractionStore::remove(const std::string& id) {
    WriteLock lock(pool_);
    lock.connection().prepare("DELETE FROM interactions WHERE id = ?").bind_all(id).run();
}

std::int64_t SqliteInteractionStore::count(domain::UnixTime now) {
    auto stmt = pool_.local().prepare("SELECT count(*) FROM interactions WHERE expires_at >= ?");
    stmt.bind_all(now);
    stmt.step();
    return stmt.int64(0);
}

std::int64_t SqliteInteractionStore::trim_oldest(std::int64_t keep) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("DELETE FROM interactions WHERE id IN (SELECT id FROM interactions ORDER BY created_at, id "
               "LIMIT max((SELECT count(*) FROM interactions) - ?, 0))")
        .bind_all(keep)
        .run();
    return db.changes();
}

} // namespace esc::storage::sqlite
