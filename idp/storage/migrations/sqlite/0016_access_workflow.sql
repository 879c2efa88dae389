-- Issue 9: the access workflow. Where each request's professional practised (what decides which
-- referents see it), whether nobody covered it, its history, and the referents in charge.
ALTER TABLE access_requests ADD COLUMN uncovered INTEGER NOT NULL DEFAULT 0;
CREATE TABLE access_request_places (
    client_id   TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    account_id  INTEGER NOT NULL,
    PRIMARY KEY (client_id, postal_code, account_id),
    FOREIGN KEY (account_id, client_id) REFERENCES access_requests(account_id, client_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX access_request_places_by_request ON access_request_places(account_id, client_id);
DROP INDEX access_requests_by_state;
CREATE INDEX access_requests_by_queue ON access_requests(client_id, state, requested_at, account_id);
CREATE INDEX access_requests_by_service ON access_requests(client_id, requested_at, account_id);
CREATE TABLE access_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL,
    client_id  TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '', -- '' = never requested
    to_state   TEXT NOT NULL,
    at         INTEGER NOT NULL,
    by_login   TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_history_by_access ON access_history(account_id, client_id, id);
CREATE TRIGGER access_history_no_update BEFORE UPDATE ON access_history
BEGIN SELECT RAISE(ABORT, 'access_history is append-only'); END;
CREATE TRIGGER access_history_no_delete BEFORE DELETE ON access_history
BEGIN SELECT RAISE(ABORT, 'access_history is append-only'); END;
-- The requests registration recorded before this version start their history here.
INSERT INTO access_history(account_id, client_id, from_state, to_state, at, by_login, reason)
    SELECT account_id, client_id, '', state, requested_at, decided_by, reason FROM access_requests;
CREATE TABLE service_referents (
    login           TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    departments     TEXT NOT NULL DEFAULT '', -- space-separated, as configured
    postal_prefixes TEXT NOT NULL DEFAULT '', -- space-separated, departments' included
    is_default      INTEGER NOT NULL DEFAULT 0,
    from_file       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (login, client_id)
) WITHOUT ROWID;
CREATE INDEX service_referents_by_service ON service_referents(client_id);
