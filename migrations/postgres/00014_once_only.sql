-- +goose Up
-- An achievement is in at most one sale at a time, whatever the channel: an
-- offer (挂牌, ref = offer id), an auction lot (ref = lot id) or a negotiated
-- deal under notice or awaiting the seller's confirmation (ref = deal id).
-- Opening a sale inserts the achievement's row in the same transaction, so a
-- second sale of it fails on the primary key, from any process. A sale that
-- ends without a deal deletes its row; one that ends in a deal marks it
-- dealt, and the row stays: a dealt achievement is never put on sale again.
CREATE TABLE achievement_sales (
    achievement_id BIGINT PRIMARY KEY REFERENCES achievements (id),
    channel        VARCHAR(20) NOT NULL CHECK (channel IN ('offer','lot','negotiated')),
    ref_id         BIGINT NOT NULL,
    status         VARCHAR(20) NOT NULL CHECK (status IN ('open','dealt')),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_achievement_sales_ref ON achievement_sales (channel, ref_id);

-- What was sold holds its achievement first, then what is on sale; where the
-- race this table closes already sold an achievement twice, the first sale
-- keeps the row and the others can no longer end in a deal.
INSERT INTO achievement_sales (achievement_id, channel, ref_id, status, created_at, updated_at)
    SELECT achievement_id, 'offer', id, 'dealt', updated_at, updated_at FROM offers WHERE status = 'accepted' ORDER BY id
    ON CONFLICT DO NOTHING;
INSERT INTO achievement_sales (achievement_id, channel, ref_id, status, created_at, updated_at)
    SELECT achievement_id, 'lot', id, 'dealt', updated_at, updated_at FROM lots WHERE status = 'sold' ORDER BY id
    ON CONFLICT DO NOTHING;
INSERT INTO achievement_sales (achievement_id, channel, ref_id, status, created_at, updated_at)
    SELECT achievement_id, 'negotiated', id, 'dealt', updated_at, updated_at FROM deals
    WHERE mode = 'negotiated' AND status = 'confirmed' AND achievement_id IS NOT NULL ORDER BY id
    ON CONFLICT DO NOTHING;
INSERT INTO achievement_sales (achievement_id, channel, ref_id, status, created_at, updated_at)
    SELECT achievement_id, 'offer', id, 'open', updated_at, updated_at FROM offers WHERE status = 'open' ORDER BY id
    ON CONFLICT DO NOTHING;
INSERT INTO achievement_sales (achievement_id, channel, ref_id, status, created_at, updated_at)
    SELECT achievement_id, 'lot', id, 'open', updated_at, updated_at FROM lots WHERE status = 'open' ORDER BY id
    ON CONFLICT DO NOTHING;
INSERT INTO achievement_sales (achievement_id, channel, ref_id, status, created_at, updated_at)
    SELECT achievement_id, 'negotiated', id, 'open', updated_at, updated_at FROM deals
    WHERE mode = 'negotiated' AND status = 'noticed' AND achievement_id IS NOT NULL ORDER BY id
    ON CONFLICT DO NOTHING;

-- A broker's notice waits for the seller (awaiting_seller) before it goes
-- public; every deal status is named here, as for the other workflows.
ALTER TABLE deals ADD CONSTRAINT deals_status_check
    CHECK (status IN ('open','awaiting_seller','noticed','awaiting_signature','confirmed','cancelled','forfeited'));

-- One contract per deal, whatever races the drafting. Contracts that the
-- race already drafted twice from one deal keep their content; all but the
-- first lose the link to the deal (as a contract entered directly).
UPDATE contracts SET deal_id = NULL
    WHERE deal_id IS NOT NULL AND id > (SELECT MIN(c.id) FROM contracts c WHERE c.deal_id = contracts.deal_id);
DROP INDEX idx_contracts_deal_id;
CREATE UNIQUE INDEX idx_contracts_deal_id ON contracts (deal_id);

-- +goose Down
DROP INDEX idx_contracts_deal_id;
CREATE INDEX idx_contracts_deal_id ON contracts (deal_id);
ALTER TABLE deals DROP CONSTRAINT deals_status_check;
DROP TABLE achievement_sales;
