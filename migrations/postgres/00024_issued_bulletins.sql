-- +goose Up
-- Issued monthly bulletins (月度通报): a region's figures of a month frozen as
-- a numbered, dated document (body is the bulletin as JSON). One per region
-- and month; the numbers (seq) run per region and year. region '' is the
-- whole market.
CREATE TABLE issued_bulletins (
    id          BIGSERIAL PRIMARY KEY,
    region      VARCHAR(12) NOT NULL,
    region_name VARCHAR(100) NOT NULL,
    year        INTEGER NOT NULL,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    seq         INTEGER NOT NULL,
    no          VARCHAR(60) NOT NULL,
    body        TEXT NOT NULL,
    issued_by   BIGINT NOT NULL REFERENCES users (id),
    issuer_org  BIGINT NOT NULL REFERENCES organizations (id),
    issued_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_issued_bulletins_month ON issued_bulletins (region, year, month);
CREATE UNIQUE INDEX idx_issued_bulletins_seq ON issued_bulletins (region, year, seq);

-- +goose Down
DROP TABLE issued_bulletins;
