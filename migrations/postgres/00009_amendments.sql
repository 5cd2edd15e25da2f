-- +goose Up
CREATE TABLE amendments (
    id             BIGSERIAL PRIMARY KEY,
    contract_id    BIGINT NOT NULL REFERENCES contracts (id),
    kind           VARCHAR(10) NOT NULL CHECK (kind IN ('change','cancel')),
    reason         TEXT NOT NULL,
    contract_fen   BIGINT NOT NULL DEFAULT 0,
    tech_fen       BIGINT NOT NULL DEFAULT 0 CHECK (tech_fen <= contract_fen),
    status         VARCHAR(20) NOT NULL CHECK (status IN ('submitted','registered','rejected')),
    review_comment TEXT NOT NULL DEFAULT '',
    reviewed_by    BIGINT REFERENCES users (id),
    reviewed_at    TIMESTAMPTZ,
    created_by     BIGINT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_amendments_contract_id ON amendments (contract_id);

-- +goose Down
DROP TABLE amendments;
