-- +goose Up
CREATE TABLE organizations (
    id            BIGSERIAL PRIMARY KEY,
    name          VARCHAR(100) NOT NULL UNIQUE,
    type          VARCHAR(20) NOT NULL CHECK (type IN ('university','institute','enterprise','agency','broker_firm','bureau')),
    region        VARCHAR(6) NOT NULL,
    status        VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','verified','rejected')),
    reject_reason VARCHAR(500) NOT NULL DEFAULT '',
    verified_at   TIMESTAMPTZ,
    verified_by   BIGINT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_organizations_status ON organizations (status);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      VARCHAR(32) NOT NULL UNIQUE,
    password_hash VARCHAR(100) NOT NULL,
    name          VARCHAR(50) NOT NULL,
    phone         VARCHAR(20) NOT NULL DEFAULT '',
    email         VARCHAR(100) NOT NULL DEFAULT '',
    role          VARCHAR(20) NOT NULL CHECK (role IN ('supplier','demander','broker','reviewer','admin')),
    org_id        BIGINT NOT NULL REFERENCES organizations (id),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_users_org_id ON users (org_id);

CREATE TABLE refresh_tokens (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    family     VARCHAR(64) NOT NULL,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_refresh_tokens_user_id ON refresh_tokens (user_id);
CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family);

CREATE TABLE audit_logs (
    id         BIGSERIAL PRIMARY KEY,
    actor_id   BIGINT NOT NULL,
    action     VARCHAR(64) NOT NULL,
    entity     VARCHAR(32) NOT NULL,
    entity_id  BIGINT NOT NULL,
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_audit_entity ON audit_logs (entity, entity_id);
CREATE INDEX idx_audit_logs_actor_id ON audit_logs (actor_id);

-- +goose Down
DROP TABLE audit_logs;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE organizations;
