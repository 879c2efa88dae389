-- Issue 8: CPS calculator tokens (OCRA secrets wrapped under the key-encryption key) and passkeys.
CREATE TABLE ocra_tokens (
    serial       TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    wrapped_key  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX ocra_tokens_by_account ON ocra_tokens(account_id);
CREATE TABLE passkeys (
    credential_id TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    cose_alg      INTEGER NOT NULL,
    sign_count    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER NOT NULL DEFAULT 0,
    revoked_at    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX passkeys_by_account ON passkeys(account_id);
