-- +goose Up
CREATE TABLE targets (
    id            BIGSERIAL PRIMARY KEY,
    year          INTEGER NOT NULL,
    kind          VARCHAR(20) NOT NULL CHECK (kind IN ('district','agency')),
    target_key    VARCHAR(20) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    last_year_fen BIGINT NOT NULL DEFAULT 0,
    gdp_share     DOUBLE PRECISION NOT NULL DEFAULT 0,
    rule_fen      BIGINT NOT NULL DEFAULT 0,
    target_fen    BIGINT NOT NULL,
    note          VARCHAR(500) NOT NULL DEFAULT '',
    updated_by    BIGINT NOT NULL REFERENCES users (id),
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_target ON targets (year, kind, target_key);
-- The bulletin and dashboard scan registered contracts by time.
CREATE INDEX idx_contracts_status_registered_at ON contracts (status, registered_at);

-- +goose Down
DROP INDEX idx_contracts_status_registered_at;
DROP TABLE targets;
