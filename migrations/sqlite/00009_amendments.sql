-- +goose Up
CREATE TABLE amendments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id    INTEGER NOT NULL REFERENCES contracts (id),
    kind           TEXT NOT NULL CHECK (kind IN ('change','cancel')),
    reason         TEXT NOT NULL,
    contract_fen   INTEGER NOT NULL DEFAULT 0,
    tech_fen       INTEGER NOT NULL DEFAULT 0 CHECK (tech_fen <= contract_fen),
    status         TEXT NOT NULL CHECK (status IN ('submitted','registered','rejected')),
    review_comment TEXT NOT NULL DEFAULT '',
    reviewed_by    INTEGER REFERENCES users (id),
    reviewed_at    DATETIME,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     DATETIME NOT NULL
);
CREATE INDEX idx_amendments_contract_id ON amendments (contract_id);

-- +goose Down
DROP TABLE amendments;
