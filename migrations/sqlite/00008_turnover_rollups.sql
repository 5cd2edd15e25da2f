-- +goose Up
CREATE TABLE turnover_rollups (
    day             TEXT NOT NULL,
    seller_division TEXT NOT NULL,
    agency_id       INTEGER NOT NULL,
    type            TEXT NOT NULL,
    field           TEXT NOT NULL,
    contracts       INTEGER NOT NULL,
    contract_fen    INTEGER NOT NULL,
    tech_fen        INTEGER NOT NULL,
    PRIMARY KEY (day, seller_division, agency_id, type, field)
);

-- +goose Down
DROP TABLE turnover_rollups;
