-- Issue 8: workstation certificates from the idp's own CA, and the append-only audit log.
CREATE TABLE issuing_ca (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    certificate_pem TEXT NOT NULL,
    wrapped_key     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE TABLE workstation_certificates (
    id                    TEXT PRIMARY KEY,
    kind                  TEXT NOT NULL,
    account_id            INTEGER NOT NULL DEFAULT 0,
    workstation           TEXT NOT NULL,
    site                  TEXT NOT NULL DEFAULT '',
    mail_to               TEXT NOT NULL DEFAULT '',
    state                 TEXT NOT NULL,
    requested_by          TEXT NOT NULL,
    requested_at          INTEGER NOT NULL,
    decided_by            TEXT NOT NULL DEFAULT '',
    decided_at            INTEGER NOT NULL DEFAULT 0,
    reason                TEXT NOT NULL DEFAULT '',
    withdrawal_token_hash TEXT NOT NULL DEFAULT '',
    withdrawal_code_hash  TEXT NOT NULL DEFAULT '',
    withdrawal_expires_at INTEGER NOT NULL DEFAULT 0,
    serial                TEXT NOT NULL DEFAULT '',
    issued_at             INTEGER NOT NULL DEFAULT 0,
    not_after             INTEGER NOT NULL DEFAULT 0,
    revoked_at            INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX workstation_certificates_by_account ON workstation_certificates(account_id);
CREATE INDEX workstation_certificates_by_state ON workstation_certificates(state, requested_at);
CREATE UNIQUE INDEX workstation_certificates_by_serial ON workstation_certificates(serial) WHERE serial <> '';
CREATE INDEX workstation_certificates_by_withdrawal ON workstation_certificates(withdrawal_token_hash)
    WHERE withdrawal_token_hash <> '';
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    before  TEXT NOT NULL DEFAULT '',
    after   TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    session TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_action ON audit_log(action, id);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
