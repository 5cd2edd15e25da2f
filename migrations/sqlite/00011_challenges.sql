-- +goose Up
CREATE TABLE challenges (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          INTEGER NOT NULL REFERENCES organizations (id),
    created_by      INTEGER NOT NULL REFERENCES users (id),
    title           TEXT NOT NULL,
    problem         TEXT NOT NULL,
    goals           TEXT NOT NULL,
    award_fen       INTEGER NOT NULL CHECK (award_fen > 0),
    deadline        DATETIME NOT NULL,
    criteria        TEXT NOT NULL,
    keywords        TEXT NOT NULL DEFAULT '',
    field           TEXT NOT NULL,
    region          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft','published','closed','awarded','no_award','taken_down')),
    takedown_reason TEXT NOT NULL DEFAULT '',
    published_at    DATETIME,
    closed_at       DATETIME,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX idx_challenges_org_id ON challenges (org_id);
CREATE INDEX idx_challenges_status_deadline ON challenges (status, deadline);

CREATE TABLE challenge_reviewers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id INTEGER NOT NULL REFERENCES challenges (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    assigned_by  INTEGER NOT NULL REFERENCES users (id),
    created_at   DATETIME NOT NULL,
    UNIQUE (challenge_id, user_id)
);
CREATE INDEX idx_challenge_reviewers_user_id ON challenge_reviewers (user_id);

CREATE TABLE proposals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id INTEGER NOT NULL REFERENCES challenges (id),
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    created_by   INTEGER NOT NULL REFERENCES users (id),
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('submitted','awarded')),
    award_fen    INTEGER NOT NULL DEFAULT 0 CHECK (award_fen >= 0),
    deal_id      INTEGER REFERENCES deals (id),
    awarded_at   DATETIME,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    UNIQUE (challenge_id, org_id)
);
CREATE INDEX idx_proposals_org_id ON proposals (org_id);

CREATE TABLE proposal_files (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    path        TEXT NOT NULL,
    name        TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX idx_proposal_files_proposal_id ON proposal_files (proposal_id);

CREATE TABLE proposal_scores (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    scores      TEXT NOT NULL,
    total_centi INTEGER NOT NULL CHECK (total_centi BETWEEN 0 AND 10000),
    comment     TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    UNIQUE (proposal_id, reviewer_id)
);

-- A deal may now come from an awarded challenge proposal rather than an
-- achievement. SQLite cannot drop NOT NULL in place: the table is rebuilt,
-- with foreign keys deferred so the rows that refer to deals stay valid
-- once the same ids are back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE deals_before_00011 AS SELECT * FROM deals;
DROP TABLE deals;
CREATE TABLE deals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    achievement_id INTEGER REFERENCES achievements (id),
    need_id        INTEGER REFERENCES needs (id),
    match_id       INTEGER,
    challenge_id   INTEGER REFERENCES challenges (id),
    proposal_id    INTEGER REFERENCES proposals (id),
    seller_org_id  INTEGER NOT NULL REFERENCES organizations (id),
    buyer_org_id   INTEGER NOT NULL REFERENCES organizations (id),
    broker_org_id  INTEGER REFERENCES organizations (id),
    mode           TEXT NOT NULL CHECK (mode IN ('listing','auction','roadshow','negotiated')),
    price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),
    status         TEXT NOT NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    CHECK (achievement_id IS NOT NULL OR proposal_id IS NOT NULL)
);
INSERT INTO deals (id, achievement_id, need_id, match_id, seller_org_id, buyer_org_id, broker_org_id, mode, price_fen, status, created_at, updated_at)
    SELECT id, achievement_id, need_id, match_id, seller_org_id, buyer_org_id, broker_org_id, mode, price_fen, status, created_at, updated_at FROM deals_before_00011;
DROP TABLE deals_before_00011;
CREATE INDEX idx_deals_achievement_id ON deals (achievement_id);
CREATE INDEX idx_deals_seller_org_id ON deals (seller_org_id);
CREATE INDEX idx_deals_buyer_org_id ON deals (buyer_org_id);
CREATE INDEX idx_deals_challenge_id ON deals (challenge_id);
-- Exactly one deal per awarded proposal, whatever races the award.
CREATE UNIQUE INDEX idx_deals_proposal_id ON deals (proposal_id);

-- +goose Down
PRAGMA defer_foreign_keys = ON;
UPDATE proposals SET deal_id = NULL;
DELETE FROM objections WHERE notice_id IN (SELECT n.id FROM notices n JOIN deals d ON d.id = n.deal_id WHERE d.achievement_id IS NULL);
DELETE FROM notices WHERE deal_id IN (SELECT id FROM deals WHERE achievement_id IS NULL);
UPDATE contracts SET deal_id = NULL WHERE deal_id IN (SELECT id FROM deals WHERE achievement_id IS NULL);
DELETE FROM deals WHERE achievement_id IS NULL;
CREATE TABLE deals_before_00011 AS SELECT * FROM deals;
DROP TABLE deals;
CREATE TABLE deals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    achievement_id INTEGER NOT NULL REFERENCES achievements (id),
    need_id        INTEGER REFERENCES needs (id),
    match_id       INTEGER,
    seller_org_id  INTEGER NOT NULL REFERENCES organizations (id),
    buyer_org_id   INTEGER NOT NULL REFERENCES organizations (id),
    broker_org_id  INTEGER REFERENCES organizations (id),
    mode           TEXT NOT NULL CHECK (mode IN ('listing','auction','roadshow','negotiated')),
    price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),
    status         TEXT NOT NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
INSERT INTO deals (id, achievement_id, need_id, match_id, seller_org_id, buyer_org_id, broker_org_id, mode, price_fen, status, created_at, updated_at)
    SELECT id, achievement_id, need_id, match_id, seller_org_id, buyer_org_id, broker_org_id, mode, price_fen, status, created_at, updated_at FROM deals_before_00011;
DROP TABLE deals_before_00011;
CREATE INDEX idx_deals_achievement_id ON deals (achievement_id);
CREATE INDEX idx_deals_seller_org_id ON deals (seller_org_id);
CREATE INDEX idx_deals_buyer_org_id ON deals (buyer_org_id);
DROP TABLE proposal_scores;
DROP TABLE proposal_files;
DROP TABLE proposals;
DROP TABLE challenge_reviewers;
DROP TABLE challenges;
