-- +goose Up
CREATE TABLE achievements (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id   TEXT UNIQUE,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    created_by    INTEGER NOT NULL REFERENCES users (id),
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    keywords      TEXT NOT NULL DEFAULT '',
    field         TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL,
    coop_modes    TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('draft','pending','published','rejected','closed')),
    close_reason  TEXT NOT NULL DEFAULT '' CHECK (close_reason IN ('','dealt','withdrawn','expired')),
    reject_reason TEXT NOT NULL DEFAULT '',
    published_at  DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    discipline     TEXT NOT NULL DEFAULT '',
    ip_type        TEXT NOT NULL DEFAULT '',
    patent_numbers TEXT NOT NULL DEFAULT '',
    maturity       INTEGER NOT NULL DEFAULT 0 CHECK (maturity BETWEEN 0 AND 9),
    price_type     TEXT NOT NULL CHECK (price_type IN ('negotiable','indicative','floor','firm')),
    price_fen      INTEGER NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
    valid_until    DATETIME
);
CREATE INDEX idx_achievements_org_id ON achievements (org_id);
CREATE INDEX idx_achievements_status ON achievements (status);
CREATE INDEX idx_achievements_field ON achievements (field);

CREATE TABLE needs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id   TEXT UNIQUE,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    created_by    INTEGER NOT NULL REFERENCES users (id),
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    keywords      TEXT NOT NULL DEFAULT '',
    field         TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL,
    coop_modes    TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('draft','pending','published','rejected','closed')),
    close_reason  TEXT NOT NULL DEFAULT '' CHECK (close_reason IN ('','dealt','withdrawn','expired')),
    reject_reason TEXT NOT NULL DEFAULT '',
    published_at  DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    budget_min_fen    INTEGER NOT NULL DEFAULT 0 CHECK (budget_min_fen >= 0),
    budget_max_fen    INTEGER NOT NULL DEFAULT 0 CHECK (budget_max_fen >= 0),
    budget_negotiable BOOLEAN NOT NULL DEFAULT TRUE,
    deadline          DATETIME
);
CREATE INDEX idx_needs_org_id ON needs (org_id);
CREATE INDEX idx_needs_status ON needs (status);
CREATE INDEX idx_needs_field ON needs (field);

CREATE TABLE outbox_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    topic      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    payload    TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    read_at    DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_notifications_user_id ON notifications (user_id);

-- +goose Down
DROP TABLE notifications;
DROP TABLE outbox_events;
DROP TABLE needs;
DROP TABLE achievements;
