-- +goose Up
CREATE TABLE targets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    year          INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('district','agency')),
    target_key    TEXT NOT NULL,
    name          TEXT NOT NULL,
    last_year_fen INTEGER NOT NULL DEFAULT 0,
    gdp_share     REAL NOT NULL DEFAULT 0,
    rule_fen      INTEGER NOT NULL DEFAULT 0,
    target_fen    INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    updated_by    INTEGER NOT NULL REFERENCES users (id),
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_target ON targets (year, kind, target_key);
-- The bulletin and dashboard scan registered contracts by time.
CREATE INDEX idx_contracts_status_registered_at ON contracts (status, registered_at);

-- +goose Down
DROP INDEX idx_contracts_status_registered_at;
DROP TABLE targets;
