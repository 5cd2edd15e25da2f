-- +goose Up
-- Listing periods (挂牌期): an offer either goes to the first verified
-- enterprise to accept (first_accept, as before) or runs a period of working
-- days in which buyers register interest (意向受让登记), with a deposit where
-- the seller asks for one; at its end one qualified buyer makes a deal at
-- the listed price, several an auction among exactly them (auctioned), none
-- ends it or relists it once at the relist price chosen in advance. SQLite
-- adds to a CHECK only by rebuilding the table; nothing refers to offers.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE offers_before_00031 AS SELECT * FROM offers;
DROP TABLE offers;
CREATE TABLE offers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    achievement_id   INTEGER NOT NULL REFERENCES achievements (id),
    seller_org_id    INTEGER NOT NULL REFERENCES organizations (id),
    title            TEXT NOT NULL,
    price_fen        INTEGER NOT NULL CHECK (price_fen > 0),
    starts_at        DATETIME NOT NULL,
    ends_at          DATETIME NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open','accepted','expired','withdrawn','auctioned')),
    buyer_org_id     INTEGER REFERENCES organizations (id),
    deal_id          INTEGER REFERENCES deals (id),
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    mode             TEXT NOT NULL DEFAULT 'first_accept' CHECK (mode IN ('first_accept','period')),
    period_days      INTEGER NOT NULL DEFAULT 0 CHECK (period_days BETWEEN 0 AND 60),
    deposit_fen      INTEGER NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0),
    relist_price_fen INTEGER CHECK (relist_price_fen IS NULL OR (relist_price_fen > 0 AND relist_price_fen < price_fen)),
    relisted_at      DATETIME,
    auction_id       INTEGER REFERENCES auctions (id)
);
INSERT INTO offers (id, achievement_id, seller_org_id, title, price_fen, starts_at, ends_at, status, buyer_org_id, deal_id, created_by, created_at, updated_at)
    SELECT id, achievement_id, seller_org_id, title, price_fen, starts_at, ends_at, status, buyer_org_id, deal_id, created_by, created_at, updated_at FROM offers_before_00031;
DROP TABLE offers_before_00031;
CREATE INDEX idx_offers_achievement_id ON offers (achievement_id);
CREATE INDEX idx_offers_status ON offers (status);

-- One registration per organisation and offer; pending until an admin
-- confirms the deposit the seller asked for, qualified without one.
CREATE TABLE offer_registrations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    offer_id    INTEGER NOT NULL REFERENCES offers (id),
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    deposit_fen INTEGER NOT NULL CHECK (deposit_fen >= 0),
    status      TEXT NOT NULL CHECK (status IN ('pending','qualified')),
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_offer_registration ON offer_registrations (offer_id, org_id);

-- An auction opened from a listing period admits only its registered buyers.
ALTER TABLE auctions ADD COLUMN offer_id INTEGER REFERENCES offers (id);

-- +goose Down
ALTER TABLE auctions DROP COLUMN offer_id;
DROP TABLE offer_registrations;
PRAGMA defer_foreign_keys = ON;
CREATE TABLE offers_before_00031 AS SELECT * FROM offers;
DROP TABLE offers;
CREATE TABLE offers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    achievement_id INTEGER NOT NULL REFERENCES achievements (id),
    seller_org_id  INTEGER NOT NULL REFERENCES organizations (id),
    title          TEXT NOT NULL,
    price_fen      INTEGER NOT NULL CHECK (price_fen > 0),
    starts_at      DATETIME NOT NULL,
    ends_at        DATETIME NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open','accepted','expired','withdrawn')),
    buyer_org_id   INTEGER REFERENCES organizations (id),
    deal_id        INTEGER REFERENCES deals (id),
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
INSERT INTO offers (id, achievement_id, seller_org_id, title, price_fen, starts_at, ends_at, status, buyer_org_id, deal_id, created_by, created_at, updated_at)
    SELECT id, achievement_id, seller_org_id, title, price_fen, starts_at, ends_at, CASE status WHEN 'auctioned' THEN 'expired' ELSE status END,
        buyer_org_id, deal_id, created_by, created_at, updated_at FROM offers_before_00031;
DROP TABLE offers_before_00031;
CREATE INDEX idx_offers_achievement_id ON offers (achievement_id);
CREATE INDEX idx_offers_status ON offers (status);
