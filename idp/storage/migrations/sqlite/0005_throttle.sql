-- The brute-force brakes' counters (storage/store.hpp ThrottleStore), shared by every node:
-- the failure history of a login or an address (a JSON array of times, oldest first, bounded by
-- the caller), and fixed-window rates (interactions created per address).
CREATE TABLE throttle_failures (
    key TEXT PRIMARY KEY,
    failures TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX throttle_failures_by_expiry ON throttle_failures(expires_at);
CREATE TABLE rate_windows (
    key TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rate_windows_by_expiry ON rate_windows(expires_at);
