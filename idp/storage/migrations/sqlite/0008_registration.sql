-- Issue 7: what a professional told at registration (JSON, the local layer beside the directory),
-- with what an administrator must review, and the access requests to services (issue 9 decides them).
CREATE TABLE account_profiles (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    profile     TEXT NOT NULL,
    review_note TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX account_profiles_to_review ON account_profiles(account_id) WHERE review_note <> '';

CREATE TABLE access_requests (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_id    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('to_process', 'accepted', 'refused')),
    requested_at INTEGER NOT NULL,
    decided_at   INTEGER NOT NULL DEFAULT 0,
    decided_by   TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, client_id)
) WITHOUT ROWID;
CREATE INDEX access_requests_by_state ON access_requests(state, client_id);
