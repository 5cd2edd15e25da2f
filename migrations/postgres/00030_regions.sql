-- +goose Up
-- Zones (高新区, 自贸片区): units of the region tree an admin adds beside
-- the GB/T 2260 divisions, which the program knows by their codes. A zone
-- has a parent division and covers some districts, stored one per line.
CREATE TABLE regions (
    code       VARCHAR(12) PRIMARY KEY,
    name       VARCHAR(50) NOT NULL,
    parent     VARCHAR(6) NOT NULL,
    level      VARCHAR(10) NOT NULL CHECK (level IN ('zone')),
    covers     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_regions_parent ON regions (parent);

-- A science bureau's staff (bureau) see their own region.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('supplier','demander','broker','reviewer','admin','bureau'));

-- +goose Down
-- Before the bureau role there was no safe role for its holders: they are
-- kept, disabled and logged out, under a role that has no power in a bureau.
UPDATE users SET disabled = TRUE, token_version = token_version + 1, role = 'reviewer' WHERE role = 'bureau';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('supplier','demander','broker','reviewer','admin'));
DROP TABLE regions;
