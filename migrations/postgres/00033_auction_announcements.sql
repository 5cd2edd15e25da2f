-- +goose Up
-- An auction is announced (拍卖公告) before it starts: when, its viewing
-- period (展示期) and its bidder-registration window (报名期), both inside
-- announcement → start. Auctions created before this migration have none.
ALTER TABLE auctions ADD COLUMN announced_at TIMESTAMPTZ;
ALTER TABLE auctions ADD COLUMN viewing_starts_at TIMESTAMPTZ;
ALTER TABLE auctions ADD COLUMN viewing_ends_at TIMESTAMPTZ;
ALTER TABLE auctions ADD COLUMN registration_starts_at TIMESTAMPTZ;
ALTER TABLE auctions ADD COLUMN registration_ends_at TIMESTAMPTZ;
ALTER TABLE auctions ADD CONSTRAINT auctions_announcement_check CHECK (
    (viewing_starts_at IS NULL OR viewing_starts_at < viewing_ends_at) AND
    (registration_starts_at IS NULL OR registration_starts_at < registration_ends_at));

-- What the announcement says of each lot, fixed when the lot is announced:
-- the achievement's IP type, its patent numbers (ZL, checked), inventors
-- (完成人), legal status and holder (专利权人), the transfer mode and the
-- pricing basis or valuation report. Lists are one entry per line.
ALTER TABLE lots ADD COLUMN ip_type VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE lots ADD COLUMN patent_numbers TEXT NOT NULL DEFAULT '';
ALTER TABLE lots ADD COLUMN inventors TEXT NOT NULL DEFAULT '';
ALTER TABLE lots ADD COLUMN legal_status VARCHAR(20) NOT NULL DEFAULT '' CHECK (legal_status IN ('', '有效', '审中', '授权'));
ALTER TABLE lots ADD COLUMN patent_holder VARCHAR(100) NOT NULL DEFAULT '';
ALTER TABLE lots ADD COLUMN transfer_mode VARCHAR(20) NOT NULL DEFAULT '' CHECK (transfer_mode IN ('', '转让', '许可', '作价入股'));
ALTER TABLE lots ADD COLUMN pricing_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE lots ADD COLUMN valuation_ref VARCHAR(100) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE lots DROP COLUMN valuation_ref;
ALTER TABLE lots DROP COLUMN pricing_basis;
ALTER TABLE lots DROP COLUMN transfer_mode;
ALTER TABLE lots DROP COLUMN patent_holder;
ALTER TABLE lots DROP COLUMN legal_status;
ALTER TABLE lots DROP COLUMN inventors;
ALTER TABLE lots DROP COLUMN patent_numbers;
ALTER TABLE lots DROP COLUMN ip_type;
ALTER TABLE auctions DROP CONSTRAINT auctions_announcement_check;
ALTER TABLE auctions DROP COLUMN registration_ends_at;
ALTER TABLE auctions DROP COLUMN registration_starts_at;
ALTER TABLE auctions DROP COLUMN viewing_ends_at;
ALTER TABLE auctions DROP COLUMN viewing_starts_at;
ALTER TABLE auctions DROP COLUMN announced_at;
