-- Issue 7: a former login (from a previous platform) kept as an alias that still logs in until an
-- administrator retires it. A retired alias stays reserved: no new account is ever given it.
CREATE TABLE login_aliases (
    alias      TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    retired_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX login_aliases_by_account ON login_aliases(account_id);
