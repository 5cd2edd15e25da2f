-- +goose Up
CREATE TABLE turnover_rollups (
    day             VARCHAR(10) NOT NULL,
    seller_division VARCHAR(6) NOT NULL,
    agency_id       BIGINT NOT NULL,
    type            VARCHAR(20) NOT NULL,
    field           VARCHAR(20) NOT NULL,
    contracts       BIGINT NOT NULL,
    contract_fen    BIGINT NOT NULL,
    tech_fen        BIGINT NOT NULL,
    PRIMARY KEY (day, seller_division, agency_id, type, field)
);

-- +goose Down
DROP TABLE turnover_rollups;
