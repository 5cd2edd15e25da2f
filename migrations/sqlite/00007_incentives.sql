-- +goose Up
CREATE TABLE incentive_rules (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT NOT NULL,
    region_prefix    TEXT NOT NULL,
    side             TEXT NOT NULL CHECK (side IN ('buyer','seller')),
    rate_bp          INTEGER NOT NULL CHECK (rate_bp > 0 AND rate_bp <= 10000),
    cap_per_contract INTEGER NOT NULL DEFAULT 0,
    cap_per_year     INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       DATETIME NOT NULL
);

-- +goose Down
DROP TABLE incentive_rules;
