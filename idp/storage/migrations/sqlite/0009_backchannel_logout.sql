-- Issue 7, "Leaving a service": which relying parties a session signed into (recorded with each
-- code), and the back-channel logout tokens to deliver (OpenID Connect Back-Channel Logout 1.0),
-- retried until the relying party answers 200 or the attempts run out.
CREATE TABLE session_clients (
    sid       TEXT NOT NULL,
    client_id TEXT NOT NULL,
    PRIMARY KEY (sid, client_id)
) WITHOUT ROWID;

CREATE TABLE logout_deliveries (
    id              INTEGER PRIMARY KEY,
    client_id       TEXT NOT NULL,
    uri             TEXT NOT NULL,
    logout_token    TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX logout_deliveries_due ON logout_deliveries(next_attempt_at) WHERE state = 'pending';
