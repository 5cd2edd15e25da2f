-- +goose Up
-- Failed logins are throttled with a back-off per address and per account
-- (rate_limits below) instead of locking the account, which anyone who knew
-- a username could do to its owner.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;

-- Counters behind the rate limits and the login back-off, one row per
-- bucket (a limit or throttle and whom it counts: an address, a user, an
-- account name). Times are Unix milliseconds, compared and stored as plain
-- integers in both dialects. The server reads this table only on
-- PostgreSQL, where every process must share the counts; SQLite is one
-- process by design and keeps them in memory.
CREATE TABLE rate_limits (
    bucket     TEXT PRIMARY KEY,
    hits       INTEGER NOT NULL,
    window_end BIGINT NOT NULL,
    next_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX idx_rate_limits_window_end ON rate_limits (window_end);

-- +goose Down
DROP TABLE rate_limits;
ALTER TABLE users ADD COLUMN locked_until DATETIME;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
