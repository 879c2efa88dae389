-- Issue 7, « Mon compte »: the account's recent logins (date, method, address), the last 50 kept.
CREATE TABLE login_events (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    method     TEXT NOT NULL,
    address    TEXT NOT NULL
);
CREATE INDEX login_events_by_account ON login_events(account_id, at);
