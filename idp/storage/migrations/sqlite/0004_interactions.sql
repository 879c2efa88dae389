-- Logins in progress (domain/interaction.hpp), shared by every node and kept across restarts.
-- `payload` is the validated authorization request as JSON (endpoints/interactions.cpp); the
-- state moves only by compare-and-set (UPDATE ... WHERE state = <expected>).
CREATE TABLE interactions (
    id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    authenticated_at INTEGER NOT NULL DEFAULT 0,
    session_id_hash TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX interactions_by_expiry ON interactions(expires_at);
CREATE INDEX interactions_by_age ON interactions(created_at);
