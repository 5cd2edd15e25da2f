-- +goose Up
-- Zones (高新区, 自贸片区): units of the region tree an admin adds beside
-- the GB/T 2260 divisions, which the program knows by their codes. A zone
-- has a parent division and covers some districts, stored one per line.
CREATE TABLE regions (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    parent     TEXT NOT NULL,
    level      TEXT NOT NULL CHECK (level IN ('zone')),
    covers     TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_regions_parent ON regions (parent);

-- A science bureau's staff (bureau) see their own region. SQLite adds to a
-- CHECK only by rebuilding the table, with foreign keys deferred so the rows
-- that refer to users stay valid once the ids are back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_before_00017 AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name          TEXT NOT NULL,
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('supplier','demander','broker','reviewer','admin','bureau')),
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    token_version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users (id, username, password_hash, name, phone, email, role, org_id, disabled, created_at, updated_at, token_version)
    SELECT id, username, password_hash, name, phone, email, role, org_id, disabled, created_at, updated_at, token_version FROM users_before_00017;
DROP TABLE users_before_00017;
CREATE INDEX idx_users_org_id ON users (org_id);

-- +goose Down
-- Before the bureau role there was no safe role for its holders: they are
-- kept, disabled and logged out, under a role that has no power in a bureau.
PRAGMA defer_foreign_keys = ON;
UPDATE users SET disabled = TRUE, token_version = token_version + 1 WHERE role = 'bureau';
CREATE TABLE users_before_00017 AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name          TEXT NOT NULL,
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('supplier','demander','broker','reviewer','admin')),
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    token_version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users (id, username, password_hash, name, phone, email, role, org_id, disabled, created_at, updated_at, token_version)
    SELECT id, username, password_hash, name, phone, email, CASE role WHEN 'bureau' THEN 'reviewer' ELSE role END, org_id, disabled, created_at, updated_at, token_version FROM users_before_00017;
DROP TABLE users_before_00017;
CREATE INDEX idx_users_org_id ON users (org_id);
DROP INDEX idx_regions_parent;
DROP TABLE regions;
