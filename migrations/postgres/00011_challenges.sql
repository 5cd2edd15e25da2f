-- +goose Up
CREATE TABLE challenges (
    id              BIGSERIAL PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES organizations (id),
    created_by      BIGINT NOT NULL REFERENCES users (id),
    title           VARCHAR(200) NOT NULL,
    problem         TEXT NOT NULL,
    goals           TEXT NOT NULL,
    award_fen       BIGINT NOT NULL CHECK (award_fen > 0),
    deadline        TIMESTAMPTZ NOT NULL,
    criteria        TEXT NOT NULL,
    keywords        TEXT NOT NULL DEFAULT '',
    field           VARCHAR(20) NOT NULL,
    region          VARCHAR(6) NOT NULL,
    status          VARCHAR(20) NOT NULL CHECK (status IN ('draft','published','closed','awarded','no_award','taken_down')),
    takedown_reason TEXT NOT NULL DEFAULT '',
    published_at    TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_challenges_org_id ON challenges (org_id);
CREATE INDEX idx_challenges_status_deadline ON challenges (status, deadline);

CREATE TABLE challenge_reviewers (
    id           BIGSERIAL PRIMARY KEY,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    assigned_by  BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (challenge_id, user_id)
);
CREATE INDEX idx_challenge_reviewers_user_id ON challenge_reviewers (user_id);

CREATE TABLE proposals (
    id           BIGSERIAL PRIMARY KEY,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    created_by   BIGINT NOT NULL REFERENCES users (id),
    title        VARCHAR(200) NOT NULL,
    summary      TEXT NOT NULL,
    status       VARCHAR(20) NOT NULL CHECK (status IN ('submitted','awarded')),
    award_fen    BIGINT NOT NULL DEFAULT 0 CHECK (award_fen >= 0),
    deal_id      BIGINT REFERENCES deals (id),
    awarded_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (challenge_id, org_id)
);
CREATE INDEX idx_proposals_org_id ON proposals (org_id);

CREATE TABLE proposal_files (
    id          BIGSERIAL PRIMARY KEY,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    path        VARCHAR(300) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    size        BIGINT NOT NULL CHECK (size > 0),
    sha256      VARCHAR(64) NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_proposal_files_proposal_id ON proposal_files (proposal_id);

CREATE TABLE proposal_scores (
    id          BIGSERIAL PRIMARY KEY,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    scores      TEXT NOT NULL,
    total_centi INTEGER NOT NULL CHECK (total_centi BETWEEN 0 AND 10000),
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (proposal_id, reviewer_id)
);

-- A deal may now come from an awarded challenge proposal rather than an achievement.
ALTER TABLE deals ALTER COLUMN achievement_id DROP NOT NULL;
ALTER TABLE deals ADD COLUMN challenge_id BIGINT REFERENCES challenges (id);
ALTER TABLE deals ADD COLUMN proposal_id BIGINT REFERENCES proposals (id);
ALTER TABLE deals ADD CONSTRAINT deals_subject_check CHECK (achievement_id IS NOT NULL OR proposal_id IS NOT NULL);
CREATE INDEX idx_deals_challenge_id ON deals (challenge_id);
-- Exactly one deal per awarded proposal, whatever races the award.
CREATE UNIQUE INDEX idx_deals_proposal_id ON deals (proposal_id);

-- +goose Down
UPDATE proposals SET deal_id = NULL;
DELETE FROM objections WHERE notice_id IN (SELECT n.id FROM notices n JOIN deals d ON d.id = n.deal_id WHERE d.achievement_id IS NULL);
DELETE FROM notices WHERE deal_id IN (SELECT id FROM deals WHERE achievement_id IS NULL);
UPDATE contracts SET deal_id = NULL WHERE deal_id IN (SELECT id FROM deals WHERE achievement_id IS NULL);
DELETE FROM deals WHERE achievement_id IS NULL;
ALTER TABLE deals DROP CONSTRAINT deals_subject_check;
DROP INDEX idx_deals_proposal_id;
DROP INDEX idx_deals_challenge_id;
ALTER TABLE deals DROP COLUMN proposal_id;
ALTER TABLE deals DROP COLUMN challenge_id;
ALTER TABLE deals ALTER COLUMN achievement_id SET NOT NULL;
DROP TABLE proposal_scores;
DROP TABLE proposal_files;
DROP TABLE proposals;
DROP TABLE challenge_reviewers;
DROP TABLE challenges;
