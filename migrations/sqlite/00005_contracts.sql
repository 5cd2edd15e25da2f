-- +goose Up
CREATE TABLE contracts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    deal_id             INTEGER REFERENCES deals (id),
    title               TEXT NOT NULL,
    type                TEXT NOT NULL CHECK (type IN ('development','transfer','license','consulting','service')),
    subtype             TEXT NOT NULL,
    subject             TEXT NOT NULL,
    field               TEXT NOT NULL,
    seller_org_id       INTEGER NOT NULL REFERENCES organizations (id),
    seller_name         TEXT NOT NULL,
    seller_party_type   TEXT NOT NULL,
    seller_division     TEXT NOT NULL,
    buyer_org_id        INTEGER REFERENCES organizations (id),
    buyer_name          TEXT NOT NULL,
    buyer_party_type    TEXT NOT NULL,
    buyer_division      TEXT NOT NULL,
    broker_org_id       INTEGER REFERENCES organizations (id),
    broker_name         TEXT NOT NULL DEFAULT '',
    contract_fen        INTEGER NOT NULL CHECK (contract_fen > 0),
    tech_fen            INTEGER NOT NULL CHECK (tech_fen > 0 AND tech_fen <= contract_fen),
    payment_terms       TEXT NOT NULL,
    signed_on           DATETIME NOT NULL,
    valid_from          DATETIME NOT NULL,
    valid_to            DATETIME NOT NULL,
    agency_id           INTEGER NOT NULL REFERENCES organizations (id),
    file_path           TEXT NOT NULL DEFAULT '',
    file_name           TEXT NOT NULL DEFAULT '',
    file_size           INTEGER NOT NULL DEFAULT 0,
    file_sha256         TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('draft','confirmed','submitted','needs_correction','registered','rejected')),
    seller_confirmed_at DATETIME,
    buyer_confirmed_at  DATETIME,
    submitted_at        DATETIME,
    disputed            BOOLEAN NOT NULL DEFAULT FALSE,
    first_approval_by   INTEGER REFERENCES users (id),
    registration_no     TEXT UNIQUE,
    registered_at       DATETIME,
    registered_by       INTEGER REFERENCES users (id),
    reject_grounds      TEXT NOT NULL DEFAULT '',
    review_comment      TEXT NOT NULL DEFAULT '',
    created_by          INTEGER NOT NULL REFERENCES users (id),
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE INDEX idx_contracts_deal_id ON contracts (deal_id);
CREATE INDEX idx_contracts_type ON contracts (type);
CREATE INDEX idx_contracts_seller_org_id ON contracts (seller_org_id);
CREATE INDEX idx_contracts_seller_division ON contracts (seller_division);
CREATE INDEX idx_contracts_buyer_org_id ON contracts (buyer_org_id);
CREATE INDEX idx_contracts_agency_id ON contracts (agency_id);
CREATE INDEX idx_contracts_status ON contracts (status);
CREATE INDEX idx_contracts_registered_at ON contracts (registered_at);

CREATE TABLE registration_sequences (
    agency_id INTEGER NOT NULL REFERENCES organizations (id),
    year      INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, year)
);

-- +goose Down
DROP TABLE registration_sequences;
DROP TABLE contracts;
