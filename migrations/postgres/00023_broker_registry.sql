-- +goose Up
-- The registry of technology brokers (技术经纪人) and technology transfer
-- institutions (技术转移机构) that market admins keep. A broker holds a
-- certificate (证书编号, unique) of a level, works for a broker firm and is
-- registered until valid_until (a date, YYYY-MM-DD in Asia/Shanghai): the
-- public registry lists a broker while that date has not passed. An
-- institution is an organisation recognised as a platform (平台类) or
-- transaction (交易类) institution, which decides the yearly 促成额 the city's
-- plan expects of it. Phone numbers are for the market and the firm only.
CREATE TABLE technology_brokers (
    id             BIGSERIAL PRIMARY KEY,
    name           VARCHAR(100) NOT NULL,
    certificate_no VARCHAR(30) NOT NULL,
    level          VARCHAR(20) NOT NULL CHECK (level IN ('junior','intermediate','senior')),
    firm_id        BIGINT NOT NULL REFERENCES organizations (id),
    user_id        BIGINT REFERENCES users (id),
    phone          VARCHAR(20) NOT NULL DEFAULT '',
    valid_until    VARCHAR(10) NOT NULL CHECK (length(valid_until) = 10),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_technology_brokers_certificate ON technology_brokers (certificate_no);
CREATE UNIQUE INDEX idx_technology_brokers_user ON technology_brokers (user_id);
CREATE INDEX idx_technology_brokers_firm ON technology_brokers (firm_id, valid_until);

CREATE TABLE transfer_institutions (
    id              BIGSERIAL PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES organizations (id),
    kind            VARCHAR(20) NOT NULL CHECK (kind IN ('platform','transaction')),
    demonstration   VARCHAR(20) NOT NULL CHECK (demonstration IN ('national','provincial','municipal','none')),
    recognised_year INTEGER NOT NULL,
    contact_phone   VARCHAR(20) NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_transfer_institutions_org ON transfer_institutions (org_id);

-- Broker performance sums a firm's registered contracts as intermediary.
CREATE INDEX idx_contracts_broker_org_id ON contracts (broker_org_id);

-- +goose Down
DROP INDEX idx_contracts_broker_org_id;
DROP TABLE transfer_institutions;
DROP TABLE technology_brokers;
