-- +goose Up
-- Roadshows that lead somewhere (issue 18, item 4) and deal statistics by
-- channel (item 5).
--
-- An intent recorded at a roadshow becomes a lead (interests.roadshow_id)
-- for the organising broker firm. The roadshow lead may sit beside the
-- organisation's own 我有意向 on the same achievement, so the one-per-org
-- rule holds separately for plain interests and per roadshow.
ALTER TABLE interests ADD COLUMN roadshow_id INTEGER REFERENCES roadshows (id);
DROP INDEX idx_interests_org_listing;
CREATE UNIQUE INDEX idx_interests_org_listing ON interests (kind, listing_id, org_id) WHERE roadshow_id IS NULL;
CREATE UNIQUE INDEX idx_interests_roadshow_org_listing ON interests (roadshow_id, kind, listing_id, org_id) WHERE roadshow_id IS NOT NULL;

-- Attendance: the organiser checks a registered seat in.
ALTER TABLE roadshow_seats ADD COLUMN checked_in_at DATETIME;

-- A deal knows the roadshow it came from, for the event's statistics.
ALTER TABLE deals ADD COLUMN roadshow_id INTEGER REFERENCES roadshows (id);
CREATE INDEX idx_deals_roadshow_id ON deals (roadshow_id);

-- A match from a roadshow lead may name the interested enterprise without
-- a published need: need_id becomes optional, and only a roadshow match may
-- leave it out. SQLite cannot drop NOT NULL in place: the table is rebuilt,
-- with foreign keys deferred so the notes and leads that refer to matches
-- stay valid once the same ids are back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE matches_before_00034 AS SELECT * FROM matches;
DROP TABLE matches;
CREATE TABLE matches (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id           INTEGER REFERENCES needs (id),
    achievement_id    INTEGER NOT NULL REFERENCES achievements (id),
    broker_id         INTEGER NOT NULL REFERENCES users (id),
    broker_org_id     INTEGER NOT NULL REFERENCES organizations (id),
    supplier_org_id   INTEGER NOT NULL REFERENCES organizations (id),
    demander_org_id   INTEGER NOT NULL REFERENCES organizations (id),
    status            TEXT NOT NULL CHECK (status IN ('proposed','contacted','negotiating','agreed','failed')),
    supplier_response TEXT NOT NULL CHECK (supplier_response IN ('pending','accepted','declined')),
    demander_response TEXT NOT NULL CHECK (demander_response IN ('pending','accepted','declined')),
    source            TEXT NOT NULL,
    score             REAL NOT NULL DEFAULT 0,
    reasons           TEXT NOT NULL DEFAULT '',
    agreed_price_fen  INTEGER NOT NULL DEFAULT 0,
    deal_id           INTEGER REFERENCES deals (id),
    roadshow_id       INTEGER REFERENCES roadshows (id),
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL,
    CHECK (need_id IS NOT NULL OR roadshow_id IS NOT NULL)
);
INSERT INTO matches (id, need_id, achievement_id, broker_id, broker_org_id, supplier_org_id, demander_org_id, status,
        supplier_response, demander_response, source, score, reasons, agreed_price_fen, deal_id, created_at, updated_at)
    SELECT id, need_id, achievement_id, broker_id, broker_org_id, supplier_org_id, demander_org_id, status,
        supplier_response, demander_response, source, score, reasons, agreed_price_fen, deal_id, created_at, updated_at
    FROM matches_before_00034;
DROP TABLE matches_before_00034;
CREATE INDEX idx_matches_need_id ON matches (need_id);
CREATE INDEX idx_matches_achievement_id ON matches (achievement_id);
CREATE INDEX idx_matches_broker_id ON matches (broker_id);
CREATE INDEX idx_matches_broker_org_id ON matches (broker_org_id);
CREATE INDEX idx_matches_supplier_org_id ON matches (supplier_org_id);
CREATE INDEX idx_matches_demander_org_id ON matches (demander_org_id);
CREATE INDEX idx_matches_roadshow_id ON matches (roadshow_id);

-- +goose Down
PRAGMA defer_foreign_keys = ON;
UPDATE interests SET match_id = NULL WHERE match_id IN (SELECT id FROM matches WHERE need_id IS NULL);
DELETE FROM match_notes WHERE match_id IN (SELECT id FROM matches WHERE need_id IS NULL);
DELETE FROM matches WHERE need_id IS NULL;
CREATE TABLE matches_before_00034 AS SELECT * FROM matches;
DROP TABLE matches;
CREATE TABLE matches (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id           INTEGER NOT NULL REFERENCES needs (id),
    achievement_id    INTEGER NOT NULL REFERENCES achievements (id),
    broker_id         INTEGER NOT NULL REFERENCES users (id),
    broker_org_id     INTEGER NOT NULL REFERENCES organizations (id),
    supplier_org_id   INTEGER NOT NULL REFERENCES organizations (id),
    demander_org_id   INTEGER NOT NULL REFERENCES organizations (id),
    status            TEXT NOT NULL CHECK (status IN ('proposed','contacted','negotiating','agreed','failed')),
    supplier_response TEXT NOT NULL CHECK (supplier_response IN ('pending','accepted','declined')),
    demander_response TEXT NOT NULL CHECK (demander_response IN ('pending','accepted','declined')),
    source            TEXT NOT NULL,
    score             REAL NOT NULL DEFAULT 0,
    reasons           TEXT NOT NULL DEFAULT '',
    agreed_price_fen  INTEGER NOT NULL DEFAULT 0,
    deal_id           INTEGER REFERENCES deals (id),
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
INSERT INTO matches (id, need_id, achievement_id, broker_id, broker_org_id, supplier_org_id, demander_org_id, status,
        supplier_response, demander_response, source, score, reasons, agreed_price_fen, deal_id, created_at, updated_at)
    SELECT id, need_id, achievement_id, broker_id, broker_org_id, supplier_org_id, demander_org_id, status,
        supplier_response, demander_response, source, score, reasons, agreed_price_fen, deal_id, created_at, updated_at
    FROM matches_before_00034;
DROP TABLE matches_before_00034;
CREATE INDEX idx_matches_need_id ON matches (need_id);
CREATE INDEX idx_matches_achievement_id ON matches (achievement_id);
CREATE INDEX idx_matches_broker_id ON matches (broker_id);
CREATE INDEX idx_matches_broker_org_id ON matches (broker_org_id);
CREATE INDEX idx_matches_supplier_org_id ON matches (supplier_org_id);
CREATE INDEX idx_matches_demander_org_id ON matches (demander_org_id);
DROP INDEX idx_deals_roadshow_id;
ALTER TABLE deals DROP COLUMN roadshow_id;
ALTER TABLE roadshow_seats DROP COLUMN checked_in_at;
DELETE FROM interests WHERE roadshow_id IS NOT NULL;
DROP INDEX idx_interests_roadshow_org_listing;
DROP INDEX idx_interests_org_listing;
ALTER TABLE interests DROP COLUMN roadshow_id;
CREATE UNIQUE INDEX idx_interests_org_listing ON interests (kind, listing_id, org_id);
