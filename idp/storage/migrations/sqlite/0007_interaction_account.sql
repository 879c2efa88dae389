-- Issue 7: a login whose password expired (or is temporary) waits in `awaiting_password_change`
-- for a new one; the interaction remembers whose password was verified.
ALTER TABLE interactions ADD COLUMN account_id INTEGER NOT NULL DEFAULT 0;
