-- +goose Up
CREATE TABLE auctions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL,
    starts_at          DATETIME NOT NULL,
    ends_at            DATETIME NOT NULL,
    anti_snipe_minutes INTEGER NOT NULL,
    deposit_fen        INTEGER NOT NULL CHECK (deposit_fen >= 0),
    created_by         INTEGER NOT NULL REFERENCES users (id),
    created_at         DATETIME NOT NULL
);

CREATE TABLE lots (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    auction_id        INTEGER NOT NULL REFERENCES auctions (id),
    achievement_id    INTEGER NOT NULL REFERENCES achievements (id),
    seller_org_id     INTEGER NOT NULL REFERENCES organizations (id),
    title             TEXT NOT NULL,
    start_price_fen   INTEGER NOT NULL CHECK (start_price_fen > 0),
    increment_fen     INTEGER NOT NULL CHECK (increment_fen > 0),
    reserve_fen       INTEGER NOT NULL CHECK (reserve_fen >= 0),
    ends_at           DATETIME NOT NULL,
    current_price_fen INTEGER NOT NULL DEFAULT 0,
    leader_org_id     INTEGER REFERENCES organizations (id),
    bid_count         INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL CHECK (status IN ('open','sold','unsold')),
    deal_id           INTEGER REFERENCES deals (id),
    updated_at        DATETIME NOT NULL
);
CREATE INDEX idx_lots_auction_id ON lots (auction_id);
CREATE INDEX idx_lots_achievement_id ON lots (achievement_id);
CREATE INDEX idx_lots_status ON lots (status);

CREATE TABLE bids (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    lot_id     INTEGER NOT NULL REFERENCES lots (id),
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    client_key TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (lot_id, amount_fen),
    UNIQUE (lot_id, org_id, client_key)
);
CREATE INDEX idx_bids_lot_id ON bids (lot_id);

CREATE TABLE admissions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    auction_id   INTEGER NOT NULL REFERENCES auctions (id),
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('applied','admitted','released','forfeited')),
    confirmed_by INTEGER,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_admission ON admissions (auction_id, org_id);

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
CREATE INDEX idx_offers_achievement_id ON offers (achievement_id);
CREATE INDEX idx_offers_status ON offers (status);

CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    deal_id     INTEGER NOT NULL UNIQUE REFERENCES deals (id),
    title       TEXT NOT NULL,
    seller_name TEXT NOT NULL,
    buyer_name  TEXT NOT NULL,
    price_fen   INTEGER NOT NULL,
    starts_at   DATETIME NOT NULL,
    ends_at     DATETIME NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open','confirmed','cancelled')),
    created_at  DATETIME NOT NULL
);
CREATE INDEX idx_notices_ends_at ON notices (ends_at);

CREATE TABLE objections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id  INTEGER NOT NULL REFERENCES notices (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending','upheld','dismissed')),
    resolution TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_objections_notice_id ON objections (notice_id);

CREATE TABLE roadshows (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    starts_at   DATETIME NOT NULL,
    ends_at     DATETIME NOT NULL,
    online      BOOLEAN NOT NULL,
    venue       TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    registered  INTEGER NOT NULL DEFAULT 0 CHECK (registered <= capacity),
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    created_by  INTEGER NOT NULL REFERENCES users (id),
    reminded_at DATETIME,
    created_at  DATETIME NOT NULL
);
CREATE INDEX idx_roadshows_starts_at ON roadshows (starts_at);

CREATE TABLE roadshow_slots (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    roadshow_id    INTEGER NOT NULL REFERENCES roadshows (id),
    achievement_id INTEGER NOT NULL REFERENCES achievements (id),
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL
);
CREATE INDEX idx_roadshow_slots_roadshow_id ON roadshow_slots (roadshow_id);

CREATE TABLE roadshow_seats (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    roadshow_id INTEGER NOT NULL REFERENCES roadshows (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_roadshow_user ON roadshow_seats (roadshow_id, user_id);

CREATE TABLE intents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    roadshow_id    INTEGER NOT NULL REFERENCES roadshows (id),
    achievement_id INTEGER NOT NULL REFERENCES achievements (id),
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    note           TEXT NOT NULL,
    created_at     DATETIME NOT NULL
);
CREATE INDEX idx_intents_roadshow_id ON intents (roadshow_id);

-- +goose Down
DROP TABLE intents;
DROP TABLE roadshow_seats;
DROP TABLE roadshow_slots;
DROP TABLE roadshows;
DROP TABLE objections;
DROP TABLE notices;
DROP TABLE offers;
DROP TABLE admissions;
DROP TABLE bids;
DROP TABLE lots;
DROP TABLE auctions;
