-- +goose Up
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
CREATE INDEX idx_deals_achievement_id ON deals (achievement_id);
CREATE INDEX idx_deals_seller_org_id ON deals (seller_org_id);
CREATE INDEX idx_deals_buyer_org_id ON deals (buyer_org_id);

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
CREATE INDEX idx_matches_need_id ON matches (need_id);
CREATE INDEX idx_matches_achievement_id ON matches (achievement_id);
CREATE INDEX idx_matches_broker_id ON matches (broker_id);
CREATE INDEX idx_matches_broker_org_id ON matches (broker_org_id);
CREATE INDEX idx_matches_supplier_org_id ON matches (supplier_org_id);
CREATE INDEX idx_matches_demander_org_id ON matches (demander_org_id);

CREATE TABLE match_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id   INTEGER NOT NULL REFERENCES matches (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_match_notes_match_id ON match_notes (match_id);

CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_saved_searches_user_id ON saved_searches (user_id);

CREATE TABLE saved_search_hits (
    saved_search_id INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    listing_id      INTEGER NOT NULL,
    created_at      DATETIME NOT NULL,
    PRIMARY KEY (saved_search_id, kind, listing_id)
);

CREATE TABLE consumer_cursors (
    name    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE consumer_cursors;
DROP TABLE saved_search_hits;
DROP TABLE saved_searches;
DROP TABLE match_notes;
DROP TABLE matches;
DROP TABLE deals;
