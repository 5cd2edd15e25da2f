-- +goose Up
-- A target belongs to a plan: the document that sets it (行动方案, its 文号
-- or where it was published), the years it covers and the region that
-- issued it. measure is what the plan counts by default: 成交额 (contract)
-- or 技术交易额 (tech).
CREATE TABLE target_plans (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    from_year  INTEGER NOT NULL,
    to_year    INTEGER NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    region     TEXT NOT NULL DEFAULT '',
    measure    TEXT NOT NULL DEFAULT 'tech' CHECK (measure IN ('contract','tech')),
    created_by INTEGER NOT NULL REFERENCES users (id),
    updated_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CHECK (from_year <= to_year)
);
CREATE UNIQUE INDEX idx_target_plans_name ON target_plans (name);

-- The targets set so far were annual and counted 技术交易额, as the
-- bulletin did: each year's become one plan of that year.
INSERT INTO target_plans (name, from_year, to_year, measure, created_by, updated_by, created_at, updated_at)
    SELECT year || ' 年度目标', year, year, 'tech', MIN(updated_by), MIN(updated_by), MIN(updated_at), MAX(updated_at)
    FROM targets GROUP BY year;

-- SQLite adds a NOT NULL reference and CHECKs only by rebuilding the table
-- (nothing refers to targets).
CREATE TABLE targets_before_00018 AS SELECT * FROM targets;
DROP INDEX idx_target;
DROP TABLE targets;
CREATE TABLE targets (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id              INTEGER NOT NULL REFERENCES target_plans (id),
    from_year            INTEGER NOT NULL,
    year                 INTEGER NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('district','agency')),
    target_key           TEXT NOT NULL,
    name                 TEXT NOT NULL,
    measure              TEXT NOT NULL CHECK (measure IN ('contract','tech')),
    last_year_fen        INTEGER NOT NULL DEFAULT 0,
    last_year_target_fen INTEGER NOT NULL DEFAULT 0,
    gdp_fen              INTEGER NOT NULL DEFAULT 0,
    gdp_share            REAL NOT NULL DEFAULT 0,
    rule_fen             INTEGER NOT NULL DEFAULT 0,
    target_fen           INTEGER NOT NULL,
    note                 TEXT NOT NULL DEFAULT '',
    updated_by           INTEGER NOT NULL REFERENCES users (id),
    updated_at           DATETIME NOT NULL,
    CHECK (from_year <= year)
);
INSERT INTO targets (id, plan_id, from_year, year, kind, target_key, name, measure, last_year_fen, gdp_share, rule_fen, target_fen, note, updated_by, updated_at)
    SELECT t.id, p.id, t.year, t.year, t.kind, t.target_key, t.name, 'tech', t.last_year_fen, t.gdp_share,
           CASE WHEN t.kind = 'district' THEN t.rule_fen ELSE 0 END, t.target_fen, t.note, t.updated_by, t.updated_at
    FROM targets_before_00018 t JOIN target_plans p ON p.from_year = t.year AND p.name = t.year || ' 年度目标';
DROP TABLE targets_before_00018;
CREATE UNIQUE INDEX idx_target ON targets (plan_id, from_year, year, kind, target_key);
CREATE INDEX idx_targets_year ON targets (year, from_year);

-- +goose Down
CREATE TABLE targets_after_00018 AS SELECT * FROM targets;
DROP INDEX idx_targets_year;
DROP INDEX idx_target;
DROP TABLE targets;
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
-- One target per year, kind and key survives: the one of the lowest plan.
INSERT INTO targets (id, year, kind, target_key, name, last_year_fen, gdp_share, rule_fen, target_fen, note, updated_by, updated_at)
    SELECT id, year, kind, target_key, name, last_year_fen, gdp_share, rule_fen, target_fen, note, updated_by, updated_at
    FROM targets_after_00018 t
    WHERE id = (SELECT MIN(id) FROM targets_after_00018 o WHERE o.year = t.year AND o.kind = t.kind AND o.target_key = t.target_key);
DROP TABLE targets_after_00018;
CREATE UNIQUE INDEX idx_target ON targets (year, kind, target_key);
DROP INDEX idx_target_plans_name;
DROP TABLE target_plans;
