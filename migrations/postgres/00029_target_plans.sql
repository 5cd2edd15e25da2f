-- +goose Up
-- A target belongs to a plan: the document that sets it (行动方案, its 文号
-- or where it was published), the years it covers and the region that
-- issued it. measure is what the plan counts by default: 成交额 (contract)
-- or 技术交易额 (tech).
CREATE TABLE target_plans (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    from_year  INTEGER NOT NULL,
    to_year    INTEGER NOT NULL,
    source     VARCHAR(500) NOT NULL DEFAULT '',
    region     VARCHAR(12) NOT NULL DEFAULT '',
    measure    VARCHAR(20) NOT NULL DEFAULT 'tech' CHECK (measure IN ('contract','tech')),
    created_by BIGINT NOT NULL REFERENCES users (id),
    updated_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (from_year <= to_year)
);
CREATE UNIQUE INDEX idx_target_plans_name ON target_plans (name);

-- The targets set so far were annual and counted 技术交易额, as the
-- bulletin did: each year's become one plan of that year.
INSERT INTO target_plans (name, from_year, to_year, measure, created_by, updated_by, created_at, updated_at)
    SELECT year || ' 年度目标', year, year, 'tech', MIN(updated_by), MIN(updated_by), MIN(updated_at), MAX(updated_at)
    FROM targets GROUP BY year;

ALTER TABLE targets ADD COLUMN plan_id BIGINT REFERENCES target_plans (id);
ALTER TABLE targets ADD COLUMN from_year INTEGER;
ALTER TABLE targets ADD COLUMN measure VARCHAR(20) NOT NULL DEFAULT 'tech' CHECK (measure IN ('contract','tech'));
ALTER TABLE targets ADD COLUMN last_year_target_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN gdp_fen BIGINT NOT NULL DEFAULT 0;
UPDATE targets SET from_year = year,
    plan_id = (SELECT p.id FROM target_plans p WHERE p.name = targets.year || ' 年度目标'),
    rule_fen = CASE WHEN kind = 'district' THEN rule_fen ELSE 0 END;
ALTER TABLE targets ALTER COLUMN plan_id SET NOT NULL;
ALTER TABLE targets ALTER COLUMN from_year SET NOT NULL;
ALTER TABLE targets ALTER COLUMN measure DROP DEFAULT;
ALTER TABLE targets ADD CONSTRAINT targets_years_check CHECK (from_year <= year);
DROP INDEX idx_target;
CREATE UNIQUE INDEX idx_target ON targets (plan_id, from_year, year, kind, target_key);
CREATE INDEX idx_targets_year ON targets (year, from_year);

-- +goose Down
-- One target per year, kind and key survives: the one of the lowest plan.
DELETE FROM targets t WHERE id <> (SELECT MIN(id) FROM targets o WHERE o.year = t.year AND o.kind = t.kind AND o.target_key = t.target_key);
DROP INDEX idx_targets_year;
DROP INDEX idx_target;
CREATE UNIQUE INDEX idx_target ON targets (year, kind, target_key);
ALTER TABLE targets DROP CONSTRAINT targets_years_check;
ALTER TABLE targets DROP COLUMN gdp_fen;
ALTER TABLE targets DROP COLUMN last_year_target_fen;
ALTER TABLE targets DROP COLUMN measure;
ALTER TABLE targets DROP COLUMN from_year;
ALTER TABLE targets DROP COLUMN plan_id;
DROP INDEX idx_target_plans_name;
DROP TABLE target_plans;
