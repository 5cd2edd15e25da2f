-- +goose Up
-- Failed logins are throttled with a back-off per address and per account
-- (rate_limits below) instead of locking the account, which anyone who knew
-- a username could do to its owner.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
-- argon2id hashes in PHC form are about 100 characters; room for stronger
-- parameters.
ALTER TABLE users ALTER COLUMN password_hash TYPE VARCHAR(255);

-- Counters behind the rate limits and the login back-off, one row per
-- bucket (a limit or throttle and whom it counts: an address, a user, an
-- account name), shared by every process on the database. Times are Unix
-- milliseconds. Each count is one atomic statement; expired rows are
-- deleted by whichever process sweeps next.
CREATE TABLE rate_limits (
    bucket     VARCHAR(160) PRIMARY KEY,
    hits       INTEGER NOT NULL,
    window_end BIGINT NOT NULL,
    next_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX idx_rate_limits_window_end ON rate_limits (window_end);

-- +goose Down
DROP TABLE rate_limits;
ALTER TABLE users ALTER COLUMN password_hash TYPE VARCHAR(100);
ALTER TABLE users ADD COLUMN locked_until TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
