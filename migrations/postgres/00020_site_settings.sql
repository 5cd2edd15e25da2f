-- +goose Up
-- What every page says about who runs the market: its name, the 主办单位,
-- the ICP and 公安 filing numbers and the service hotline. One row, set by
-- a market admin; until then the market is called by what it is.
CREATE TABLE site_settings (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    market_name   VARCHAR(40) NOT NULL,
    host          VARCHAR(60) NOT NULL DEFAULT '',
    icp           VARCHAR(40) NOT NULL DEFAULT '',
    police_filing VARCHAR(40) NOT NULL DEFAULT '',
    hotline       VARCHAR(20) NOT NULL DEFAULT '',
    updated_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO site_settings (id, market_name, updated_at) VALUES (1, '网上技术市场', CURRENT_TIMESTAMP);

-- +goose Down
DROP TABLE site_settings;
