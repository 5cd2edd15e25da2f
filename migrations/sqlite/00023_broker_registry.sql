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
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT NOT NULL,
    certificate_no TEXT NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('junior','intermediate','senior')),
    firm_id        INTEGER NOT NULL REFERENCES organizations (id),
    user_id        INTEGER REFERENCES users (id),
    phone          TEXT NOT NULL DEFAULT '',
    valid_until    TEXT NOT NULL CHECK (length(valid_until) = 10),
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_technology_brokers_certificate ON technology_brokers (certificate_no);
CREATE UNIQUE INDEX idx_technology_brokers_user ON technology_brokers (user_id);
CREATE INDEX idx_technology_brokers_firm ON technology_brokers (firm_id, valid_until);

CREATE TABLE transfer_institutions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          INTEGER NOT NULL REFERENCES organizations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('platform','transaction')),
    demonstration   TEXT NOT NULL CHECK (demonstration IN ('national','provincial','municipal','none')),
    recognised_year INTEGER NOT NULL,
    contact_phone   TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_transfer_institutions_org ON transfer_institutions (org_id);

-- Broker performance sums a firm's registered contracts as intermediary.
CREATE INDEX idx_contracts_broker_org_id ON contracts (broker_org_id);

-- +goose Down
DROP INDEX idx_contracts_broker_org_id;
DROP TABLE transfer_institutions;
DROP TABLE technology_brokers;
