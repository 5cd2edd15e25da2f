-- +goose Up
CREATE TABLE achievements (
    id            BIGSERIAL PRIMARY KEY,
    external_id   VARCHAR(100) UNIQUE,
    org_id        BIGINT NOT NULL REFERENCES organizations (id),
    created_by    BIGINT NOT NULL REFERENCES users (id),
    title         VARCHAR(200) NOT NULL,
    summary       TEXT NOT NULL,
    keywords      TEXT NOT NULL DEFAULT '',
    field         VARCHAR(20) NOT NULL DEFAULT '',
    region        VARCHAR(6) NOT NULL,
    coop_modes    TEXT NOT NULL DEFAULT '',
    contact_name  VARCHAR(50) NOT NULL DEFAULT '',
    contact_phone VARCHAR(20) NOT NULL DEFAULT '',
    contact_email VARCHAR(100) NOT NULL DEFAULT '',
    status        VARCHAR(20) NOT NULL CHECK (status IN ('draft','pending','published','rejected','closed')),
    close_reason  VARCHAR(20) NOT NULL DEFAULT '' CHECK (close_reason IN ('','dealt','withdrawn','expired')),
    reject_reason VARCHAR(500) NOT NULL DEFAULT '',
    published_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    discipline     VARCHAR(50) NOT NULL DEFAULT '',
    ip_type        VARCHAR(20) NOT NULL DEFAULT '',
    patent_numbers TEXT NOT NULL DEFAULT '',
    maturity       INTEGER NOT NULL DEFAULT 0 CHECK (maturity BETWEEN 0 AND 9),
    price_type     VARCHAR(20) NOT NULL CHECK (price_type IN ('negotiable','indicative','floor','firm')),
    price_fen      BIGINT NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
    valid_until    TIMESTAMPTZ
);
CREATE INDEX idx_achievements_org_id ON achievements (org_id);
CREATE INDEX idx_achievements_status ON achievements (status);
CREATE INDEX idx_achievements_field ON achievements (field);

CREATE TABLE needs (
    id            BIGSERIAL PRIMARY KEY,
    external_id   VARCHAR(100) UNIQUE,
    org_id        BIGINT NOT NULL REFERENCES organizations (id),
    created_by    BIGINT NOT NULL REFERENCES users (id),
    title         VARCHAR(200) NOT NULL,
    summary       TEXT NOT NULL,
    keywords      TEXT NOT NULL DEFAULT '',
    field         VARCHAR(20) NOT NULL DEFAULT '',
    region        VARCHAR(6) NOT NULL,
    coop_modes    TEXT NOT NULL DEFAULT '',
    contact_name  VARCHAR(50) NOT NULL DEFAULT '',
    contact_phone VARCHAR(20) NOT NULL DEFAULT '',
    contact_email VARCHAR(100) NOT NULL DEFAULT '',
    status        VARCHAR(20) NOT NULL CHECK (status IN ('draft','pending','published','rejected','closed')),
    close_reason  VARCHAR(20) NOT NULL DEFAULT '' CHECK (close_reason IN ('','dealt','withdrawn','expired')),
    reject_reason VARCHAR(500) NOT NULL DEFAULT '',
    published_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    budget_min_fen    BIGINT NOT NULL DEFAULT 0 CHECK (budget_min_fen >= 0),
    budget_max_fen    BIGINT NOT NULL DEFAULT 0 CHECK (budget_max_fen >= 0),
    budget_negotiable BOOLEAN NOT NULL DEFAULT TRUE,
    deadline          TIMESTAMPTZ
);
CREATE INDEX idx_needs_org_id ON needs (org_id);
CREATE INDEX idx_needs_status ON needs (status);
CREATE INDEX idx_needs_field ON needs (field);

CREATE TABLE outbox_events (
    id         BIGSERIAL PRIMARY KEY,
    topic      VARCHAR(50) NOT NULL,
    entity     VARCHAR(30) NOT NULL,
    entity_id  BIGINT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    kind       VARCHAR(40) NOT NULL,
    title      VARCHAR(200) NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       VARCHAR(200) NOT NULL DEFAULT '',
    read_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_notifications_user_id ON notifications (user_id);

-- +goose Down
DROP TABLE notifications;
DROP TABLE outbox_events;
DROP TABLE needs;
DROP TABLE achievements;
