-- +goose Up
CREATE TABLE incentive_rules (
    id               BIGSERIAL PRIMARY KEY,
    name             VARCHAR(100) NOT NULL,
    region_prefix    VARCHAR(6) NOT NULL,
    side             VARCHAR(10) NOT NULL CHECK (side IN ('buyer','seller')),
    rate_bp          BIGINT NOT NULL CHECK (rate_bp > 0 AND rate_bp <= 10000),
    cap_per_contract BIGINT NOT NULL DEFAULT 0,
    cap_per_year     BIGINT NOT NULL DEFAULT 0,
    created_by       BIGINT NOT NULL REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE incentive_rules;
