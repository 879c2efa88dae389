-- Issue 8: the phone authenticator. Activation codes (as hashes) lead to an enrolled device key;
-- login and CIBA requests wait for one of the account's devices to approve or deny them.
CREATE TABLE device_activations (
    code_hash  TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE auth_devices (
    id           TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    public_jwk   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX auth_devices_by_account ON auth_devices(account_id);
CREATE TABLE mobile_requests (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_id        TEXT NOT NULL,
    service          TEXT NOT NULL,
    binding_code     TEXT NOT NULL,
    challenge        TEXT NOT NULL,
    interaction_id   TEXT NOT NULL DEFAULT '',
    auth_req_id_hash TEXT NOT NULL DEFAULT '',
    scope            TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'pending',
    device_id        TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    decided_at       INTEGER NOT NULL DEFAULT 0,
    polled_at        INTEGER NOT NULL DEFAULT 0,
    poll_interval    INTEGER NOT NULL DEFAULT 5
) WITHOUT ROWID;
CREATE INDEX mobile_requests_pending ON mobile_requests(account_id, state, expires_at);
CREATE INDEX mobile_requests_by_ciba ON mobile_requests(auth_req_id_hash) WHERE auth_req_id_hash <> '';
