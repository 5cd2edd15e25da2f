-- +goose Up
-- Listing periods (挂牌期): an offer either goes to the first verified
-- enterprise to accept (first_accept, as before) or runs a period of working
-- days in which buyers register interest (意向受让登记), with a deposit where
-- the seller asks for one; at its end one qualified buyer makes a deal at
-- the listed price, several an auction among exactly them (auctioned), none
-- ends it or relists it once at the relist price chosen in advance.
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check CHECK (status IN ('open','accepted','expired','withdrawn','auctioned'));
ALTER TABLE offers ADD COLUMN mode VARCHAR(20) NOT NULL DEFAULT 'first_accept' CHECK (mode IN ('first_accept','period'));
ALTER TABLE offers ADD COLUMN period_days INTEGER NOT NULL DEFAULT 0 CHECK (period_days BETWEEN 0 AND 60);
ALTER TABLE offers ADD COLUMN deposit_fen BIGINT NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0);
ALTER TABLE offers ADD COLUMN relist_price_fen BIGINT;
ALTER TABLE offers ADD CONSTRAINT offers_relist_price_check CHECK (relist_price_fen IS NULL OR (relist_price_fen > 0 AND relist_price_fen < price_fen));
ALTER TABLE offers ADD COLUMN relisted_at TIMESTAMPTZ;
ALTER TABLE offers ADD COLUMN auction_id BIGINT;

-- One registration per organisation and offer; pending until an admin
-- confirms the deposit the seller asked for, qualified without one.
CREATE TABLE offer_registrations (
    id          BIGSERIAL PRIMARY KEY,
    offer_id    BIGINT NOT NULL REFERENCES offers (id),
    org_id      BIGINT NOT NULL REFERENCES organizations (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    deposit_fen BIGINT NOT NULL CHECK (deposit_fen >= 0),
    status      VARCHAR(20) NOT NULL CHECK (status IN ('pending','qualified')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_offer_registration ON offer_registrations (offer_id, org_id);

-- An auction opened from a listing period admits only its registered buyers.
ALTER TABLE auctions ADD COLUMN offer_id BIGINT REFERENCES offers (id);
ALTER TABLE offers ADD CONSTRAINT offers_auction_id_fkey FOREIGN KEY (auction_id) REFERENCES auctions (id);

-- +goose Down
ALTER TABLE offers DROP CONSTRAINT offers_auction_id_fkey;
ALTER TABLE auctions DROP COLUMN offer_id;
DROP TABLE offer_registrations;
UPDATE offers SET status = 'expired' WHERE status = 'auctioned';
ALTER TABLE offers DROP CONSTRAINT offers_relist_price_check;
ALTER TABLE offers DROP COLUMN auction_id, DROP COLUMN relisted_at, DROP COLUMN relist_price_fen, DROP COLUMN deposit_fen,
    DROP COLUMN period_days, DROP COLUMN mode;
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check CHECK (status IN ('open','accepted','expired','withdrawn'));
