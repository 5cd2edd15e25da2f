-- +goose Up
CREATE TABLE auctions (
    id                 BIGSERIAL PRIMARY KEY,
    title              VARCHAR(200) NOT NULL,
    description        TEXT NOT NULL,
    starts_at          TIMESTAMPTZ NOT NULL,
    ends_at            TIMESTAMPTZ NOT NULL,
    anti_snipe_minutes INTEGER NOT NULL,
    deposit_fen        BIGINT NOT NULL CHECK (deposit_fen >= 0),
    created_by         BIGINT NOT NULL REFERENCES users (id),
    created_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE lots (
    id                BIGSERIAL PRIMARY KEY,
    auction_id        BIGINT NOT NULL REFERENCES auctions (id),
    achievement_id    BIGINT NOT NULL REFERENCES achievements (id),
    seller_org_id     BIGINT NOT NULL REFERENCES organizations (id),
    title             VARCHAR(200) NOT NULL,
    start_price_fen   BIGINT NOT NULL CHECK (start_price_fen > 0),
    increment_fen     BIGINT NOT NULL CHECK (increment_fen > 0),
    reserve_fen       BIGINT NOT NULL CHECK (reserve_fen >= 0),
    ends_at           TIMESTAMPTZ NOT NULL,
    current_price_fen BIGINT NOT NULL DEFAULT 0,
    leader_org_id     BIGINT REFERENCES organizations (id),
    bid_count         INTEGER NOT NULL DEFAULT 0,
    status            VARCHAR(20) NOT NULL CHECK (status IN ('open','sold','unsold')),
    deal_id           BIGINT REFERENCES deals (id),
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_lots_auction_id ON lots (auction_id);
CREATE INDEX idx_lots_achievement_id ON lots (achievement_id);
CREATE INDEX idx_lots_status ON lots (status);

CREATE TABLE bids (
    id         BIGSERIAL PRIMARY KEY,
    lot_id     BIGINT NOT NULL REFERENCES lots (id),
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    client_key VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (lot_id, amount_fen),
    UNIQUE (lot_id, org_id, client_key)
);
CREATE INDEX idx_bids_lot_id ON bids (lot_id);

CREATE TABLE admissions (
    id           BIGSERIAL PRIMARY KEY,
    auction_id   BIGINT NOT NULL REFERENCES auctions (id),
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    status       VARCHAR(20) NOT NULL CHECK (status IN ('applied','admitted','released','forfeited')),
    confirmed_by BIGINT,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_admission ON admissions (auction_id, org_id);

CREATE TABLE offers (
    id             BIGSERIAL PRIMARY KEY,
    achievement_id BIGINT NOT NULL REFERENCES achievements (id),
    seller_org_id  BIGINT NOT NULL REFERENCES organizations (id),
    title          VARCHAR(200) NOT NULL,
    price_fen      BIGINT NOT NULL CHECK (price_fen > 0),
    starts_at      TIMESTAMPTZ NOT NULL,
    ends_at        TIMESTAMPTZ NOT NULL,
    status         VARCHAR(20) NOT NULL CHECK (status IN ('open','accepted','expired','withdrawn')),
    buyer_org_id   BIGINT REFERENCES organizations (id),
    deal_id        BIGINT REFERENCES deals (id),
    created_by     BIGINT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_offers_achievement_id ON offers (achievement_id);
CREATE INDEX idx_offers_status ON offers (status);

CREATE TABLE notices (
    id          BIGSERIAL PRIMARY KEY,
    deal_id     BIGINT NOT NULL UNIQUE REFERENCES deals (id),
    title       VARCHAR(300) NOT NULL,
    seller_name VARCHAR(100) NOT NULL,
    buyer_name  VARCHAR(100) NOT NULL,
    price_fen   BIGINT NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    status      VARCHAR(20) NOT NULL CHECK (status IN ('open','confirmed','cancelled')),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_notices_ends_at ON notices (ends_at);

CREATE TABLE objections (
    id         BIGSERIAL PRIMARY KEY,
    notice_id  BIGINT NOT NULL REFERENCES notices (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL,
    status     VARCHAR(20) NOT NULL CHECK (status IN ('pending','upheld','dismissed')),
    resolution TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_objections_notice_id ON objections (notice_id);

CREATE TABLE roadshows (
    id          BIGSERIAL PRIMARY KEY,
    title       VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    online      BOOLEAN NOT NULL,
    venue       VARCHAR(200) NOT NULL DEFAULT '',
    link        VARCHAR(300) NOT NULL DEFAULT '',
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    registered  INTEGER NOT NULL DEFAULT 0 CHECK (registered <= capacity),
    org_id      BIGINT NOT NULL REFERENCES organizations (id),
    created_by  BIGINT NOT NULL REFERENCES users (id),
    reminded_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_roadshows_starts_at ON roadshows (starts_at);

CREATE TABLE roadshow_slots (
    id             BIGSERIAL PRIMARY KEY,
    roadshow_id    BIGINT NOT NULL REFERENCES roadshows (id),
    achievement_id BIGINT NOT NULL REFERENCES achievements (id),
    position       INTEGER NOT NULL,
    title          VARCHAR(200) NOT NULL
);
CREATE INDEX idx_roadshow_slots_roadshow_id ON roadshow_slots (roadshow_id);

CREATE TABLE roadshow_seats (
    id          BIGSERIAL PRIMARY KEY,
    roadshow_id BIGINT NOT NULL REFERENCES roadshows (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    org_id      BIGINT NOT NULL REFERENCES organizations (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_roadshow_user ON roadshow_seats (roadshow_id, user_id);

CREATE TABLE intents (
    id             BIGSERIAL PRIMARY KEY,
    roadshow_id    BIGINT NOT NULL REFERENCES roadshows (id),
    achievement_id BIGINT NOT NULL REFERENCES achievements (id),
    org_id         BIGINT NOT NULL REFERENCES organizations (id),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    note           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
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
