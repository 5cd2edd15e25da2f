-- +goose Up
CREATE TABLE deals (
    id             BIGSERIAL PRIMARY KEY,
    achievement_id BIGINT NOT NULL REFERENCES achievements (id),
    need_id        BIGINT REFERENCES needs (id),
    match_id       BIGINT,
    seller_org_id  BIGINT NOT NULL REFERENCES organizations (id),
    buyer_org_id   BIGINT NOT NULL REFERENCES organizations (id),
    broker_org_id  BIGINT REFERENCES organizations (id),
    mode           VARCHAR(20) NOT NULL CHECK (mode IN ('listing','auction','roadshow','negotiated')),
    price_fen      BIGINT NOT NULL CHECK (price_fen >= 0),
    status         VARCHAR(20) NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_deals_achievement_id ON deals (achievement_id);
CREATE INDEX idx_deals_seller_org_id ON deals (seller_org_id);
CREATE INDEX idx_deals_buyer_org_id ON deals (buyer_org_id);

CREATE TABLE matches (
    id                BIGSERIAL PRIMARY KEY,
    need_id           BIGINT NOT NULL REFERENCES needs (id),
    achievement_id    BIGINT NOT NULL REFERENCES achievements (id),
    broker_id         BIGINT NOT NULL REFERENCES users (id),
    broker_org_id     BIGINT NOT NULL REFERENCES organizations (id),
    supplier_org_id   BIGINT NOT NULL REFERENCES organizations (id),
    demander_org_id   BIGINT NOT NULL REFERENCES organizations (id),
    status            VARCHAR(20) NOT NULL CHECK (status IN ('proposed','contacted','negotiating','agreed','failed')),
    supplier_response VARCHAR(20) NOT NULL CHECK (supplier_response IN ('pending','accepted','declined')),
    demander_response VARCHAR(20) NOT NULL CHECK (demander_response IN ('pending','accepted','declined')),
    source            VARCHAR(20) NOT NULL,
    score             DOUBLE PRECISION NOT NULL DEFAULT 0,
    reasons           TEXT NOT NULL DEFAULT '',
    agreed_price_fen  BIGINT NOT NULL DEFAULT 0,
    deal_id           BIGINT REFERENCES deals (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_matches_need_id ON matches (need_id);
CREATE INDEX idx_matches_achievement_id ON matches (achievement_id);
CREATE INDEX idx_matches_broker_id ON matches (broker_id);
CREATE INDEX idx_matches_broker_org_id ON matches (broker_org_id);
CREATE INDEX idx_matches_supplier_org_id ON matches (supplier_org_id);
CREATE INDEX idx_matches_demander_org_id ON matches (demander_org_id);

CREATE TABLE match_notes (
    id         BIGSERIAL PRIMARY KEY,
    match_id   BIGINT NOT NULL REFERENCES matches (id),
    author_id  BIGINT NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    status     VARCHAR(20) NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_match_notes_match_id ON match_notes (match_id);

CREATE TABLE saved_searches (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    name       VARCHAR(100) NOT NULL,
    query      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_saved_searches_user_id ON saved_searches (user_id);

CREATE TABLE saved_search_hits (
    saved_search_id BIGINT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    kind            VARCHAR(20) NOT NULL,
    listing_id      BIGINT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (saved_search_id, kind, listing_id)
);

CREATE TABLE consumer_cursors (
    name    VARCHAR(50) PRIMARY KEY,
    last_id BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE consumer_cursors;
DROP TABLE saved_search_hits;
DROP TABLE saved_searches;
DROP TABLE match_notes;
DROP TABLE matches;
DROP TABLE deals;
