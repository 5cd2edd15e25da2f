-- +goose Up
CREATE TABLE contracts (
    id                  BIGSERIAL PRIMARY KEY,
    deal_id             BIGINT REFERENCES deals (id),
    title               VARCHAR(200) NOT NULL,
    type                VARCHAR(20) NOT NULL CHECK (type IN ('development','transfer','license','consulting','service')),
    subtype             VARCHAR(20) NOT NULL,
    subject             TEXT NOT NULL,
    field               VARCHAR(20) NOT NULL,
    seller_org_id       BIGINT NOT NULL REFERENCES organizations (id),
    seller_name         VARCHAR(100) NOT NULL,
    seller_party_type   VARCHAR(20) NOT NULL,
    seller_division     VARCHAR(6) NOT NULL,
    buyer_org_id        BIGINT REFERENCES organizations (id),
    buyer_name          VARCHAR(100) NOT NULL,
    buyer_party_type    VARCHAR(20) NOT NULL,
    buyer_division      VARCHAR(6) NOT NULL,
    broker_org_id       BIGINT REFERENCES organizations (id),
    broker_name         VARCHAR(100) NOT NULL DEFAULT '',
    contract_fen        BIGINT NOT NULL CHECK (contract_fen > 0),
    tech_fen            BIGINT NOT NULL CHECK (tech_fen > 0 AND tech_fen <= contract_fen),
    payment_terms       TEXT NOT NULL,
    signed_on           TIMESTAMPTZ NOT NULL,
    valid_from          TIMESTAMPTZ NOT NULL,
    valid_to            TIMESTAMPTZ NOT NULL,
    agency_id           BIGINT NOT NULL REFERENCES organizations (id),
    file_path           VARCHAR(300) NOT NULL DEFAULT '',
    file_name           VARCHAR(200) NOT NULL DEFAULT '',
    file_size           BIGINT NOT NULL DEFAULT 0,
    file_sha256         VARCHAR(64) NOT NULL DEFAULT '',
    status              VARCHAR(20) NOT NULL CHECK (status IN ('draft','confirmed','submitted','needs_correction','registered','rejected')),
    seller_confirmed_at TIMESTAMPTZ,
    buyer_confirmed_at  TIMESTAMPTZ,
    submitted_at        TIMESTAMPTZ,
    disputed            BOOLEAN NOT NULL DEFAULT FALSE,
    first_approval_by   BIGINT REFERENCES users (id),
    registration_no     VARCHAR(16) UNIQUE,
    registered_at       TIMESTAMPTZ,
    registered_by       BIGINT REFERENCES users (id),
    reject_grounds      TEXT NOT NULL DEFAULT '',
    review_comment      TEXT NOT NULL DEFAULT '',
    created_by          BIGINT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
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
    agency_id BIGINT NOT NULL REFERENCES organizations (id),
    year      INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, year)
);

-- +goose Down
DROP TABLE registration_sequences;
DROP TABLE contracts;
