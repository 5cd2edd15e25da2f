-- +goose Up
-- Rules take the shapes the seeds' policies need: enterprises only, contract
-- types (newline-separated values), tiers by amount (JSON), the years the
-- policy applies (0: open) and a group whose rules never pay a contract twice.
ALTER TABLE incentive_rules ADD COLUMN enterprises_only BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE incentive_rules ADD COLUMN contract_types TEXT NOT NULL DEFAULT '';
ALTER TABLE incentive_rules ADD COLUMN tiers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE incentive_rules ADD COLUMN from_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incentive_rules ADD COLUMN to_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incentive_rules ADD COLUMN group_name VARCHAR(50) NOT NULL DEFAULT '';

-- A contract already subsidised is taken out of a rule, with the reason.
CREATE TABLE incentive_exclusions (
    id          BIGSERIAL PRIMARY KEY,
    rule_id     BIGINT NOT NULL REFERENCES incentive_rules (id),
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    reason      TEXT NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_incentive_exclusions_rule_contract ON incentive_exclusions (rule_id, contract_id);

-- Application -> review -> public notice -> payment. One open or granted
-- application per organisation, rule and year; a rejected one may be filed again.
CREATE TABLE incentive_applications (
    id             BIGSERIAL PRIMARY KEY,
    rule_id        BIGINT NOT NULL REFERENCES incentive_rules (id),
    org_id         BIGINT NOT NULL REFERENCES organizations (id),
    year           INTEGER NOT NULL,
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    contracts      INTEGER NOT NULL,
    status         VARCHAR(20) NOT NULL CHECK (status IN ('submitted','noticed','paid','rejected')),
    approved_fen   BIGINT NOT NULL DEFAULT 0 CHECK (approved_fen >= 0 AND approved_fen <= amount_fen),
    review_comment TEXT NOT NULL DEFAULT '',
    reviewed_by    BIGINT REFERENCES users (id),
    reviewed_at    TIMESTAMPTZ,
    notice_from    TIMESTAMPTZ,
    notice_until   TIMESTAMPTZ,
    paid_fen       BIGINT NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND paid_fen <= approved_fen),
    paid_on        TIMESTAMPTZ,
    voucher_no     VARCHAR(50) NOT NULL DEFAULT '',
    paid_by        BIGINT REFERENCES users (id),
    paid_at        TIMESTAMPTZ,
    created_by     BIGINT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_incentive_applications_once ON incentive_applications (rule_id, org_id, year) WHERE status <> 'rejected';
CREATE INDEX idx_incentive_applications_status ON incentive_applications (status);

-- +goose Down
DROP TABLE incentive_applications;
DROP TABLE incentive_exclusions;
ALTER TABLE incentive_rules DROP COLUMN group_name;
ALTER TABLE incentive_rules DROP COLUMN to_year;
ALTER TABLE incentive_rules DROP COLUMN from_year;
ALTER TABLE incentive_rules DROP COLUMN tiers;
ALTER TABLE incentive_rules DROP COLUMN contract_types;
ALTER TABLE incentive_rules DROP COLUMN enterprises_only;
