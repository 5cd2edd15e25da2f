-- +goose Up
-- Confidential detail lives apart from the listing row, so that nothing that
-- reads listings (lists, search indexing, matching, exports) can carry it.
CREATE TABLE listing_confidentials (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id  BIGINT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    undertaking TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_listing_confidentials_listing ON listing_confidentials (kind, listing_id);

CREATE TABLE access_requests (
    id                BIGSERIAL PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id        BIGINT NOT NULL,
    listing_title     TEXT NOT NULL,
    owner_org_id      BIGINT NOT NULL REFERENCES organizations (id),
    requester_id      BIGINT NOT NULL REFERENCES users (id),
    requester_org_id  BIGINT NOT NULL REFERENCES organizations (id),
    message           TEXT NOT NULL DEFAULT '',
    undertaking_text  TEXT NOT NULL DEFAULT '',
    undertaking_at    TIMESTAMPTZ,
    status            TEXT NOT NULL CHECK (status IN ('pending','granted','refused')),
    refuse_reason     TEXT NOT NULL DEFAULT '',
    decided_by        BIGINT REFERENCES users (id),
    decided_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_access_requests_requester ON access_requests (kind, listing_id, requester_id);
CREATE INDEX idx_access_requests_owner ON access_requests (owner_org_id, status);

CREATE TABLE feedbacks (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id   BIGINT NOT NULL,
    owner_org_id BIGINT NOT NULL REFERENCES organizations (id),
    field        TEXT NOT NULL DEFAULT '',
    user_id      BIGINT NOT NULL REFERENCES users (id),
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    match_id     BIGINT REFERENCES matches (id),
    other_text   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_feedbacks_listing ON feedbacks (kind, listing_id);
CREATE INDEX idx_feedbacks_user ON feedbacks (user_id);

CREATE TABLE feedback_reasons (
    feedback_id BIGINT NOT NULL REFERENCES feedbacks (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL CHECK (reason IN ('early_stage','advantage_unclear','route_unclear','vague','price','other')),
    PRIMARY KEY (feedback_id, reason)
);

CREATE TABLE listing_reports (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id   BIGINT NOT NULL,
    listing_title TEXT NOT NULL,
    reporter_id  BIGINT NOT NULL REFERENCES users (id),
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open','dismissed','taken_down')),
    resolution   TEXT NOT NULL DEFAULT '',
    resolved_by  BIGINT REFERENCES users (id),
    resolved_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_listing_reports_status ON listing_reports (status);
CREATE INDEX idx_listing_reports_listing ON listing_reports (kind, listing_id);

ALTER TABLE achievements ADD COLUMN last_confirmed_at TIMESTAMPTZ;
ALTER TABLE achievements ADD COLUMN confirm_reminded_at TIMESTAMPTZ;
ALTER TABLE achievements ADD COLUMN takedown_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE needs ADD COLUMN last_confirmed_at TIMESTAMPTZ;
ALTER TABLE needs ADD COLUMN confirm_reminded_at TIMESTAMPTZ;
ALTER TABLE needs ADD COLUMN takedown_reason TEXT NOT NULL DEFAULT '';
UPDATE achievements SET last_confirmed_at = published_at WHERE published_at IS NOT NULL;
UPDATE needs SET last_confirmed_at = published_at WHERE published_at IS NOT NULL;

-- +goose Down
ALTER TABLE needs DROP COLUMN takedown_reason;
ALTER TABLE needs DROP COLUMN confirm_reminded_at;
ALTER TABLE needs DROP COLUMN last_confirmed_at;
ALTER TABLE achievements DROP COLUMN takedown_reason;
ALTER TABLE achievements DROP COLUMN confirm_reminded_at;
ALTER TABLE achievements DROP COLUMN last_confirmed_at;
DROP TABLE listing_reports;
DROP TABLE feedback_reasons;
DROP TABLE feedbacks;
DROP TABLE access_requests;
DROP TABLE listing_confidentials;
