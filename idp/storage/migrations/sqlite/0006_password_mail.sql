-- Issue 7: the password lifecycle (when it was set, whether it must be changed, the previous
-- hashes the policy compares against), single-use links sent by mail (only their SHA-256 is kept),
-- and the mail outbox, written in the same transaction as the event that causes a mail.
ALTER TABLE accounts ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- Accounts made before this migration count from their creation.
UPDATE accounts SET password_changed_at = created_at;

CREATE TABLE password_history (
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    replaced_at   INTEGER NOT NULL
);
CREATE INDEX password_history_by_account ON password_history(account_id, replaced_at);

CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset_password', 'set_password', 'verify_email')),
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    email      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX account_links_by_expiry ON account_links(expires_at);

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         INTEGER NOT NULL DEFAULT 0
);
-- The sender's one query: pending mails due now, oldest first.
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX sessions_by_account ON sessions(account_id);
