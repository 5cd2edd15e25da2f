-- +goose Up
-- A user acts for an organisation only through an active membership. Joining
-- an organisation someone else registered starts pending; its 机构管理员 (or,
-- for agencies and bureaus, a market admin) decides.
CREATE TABLE memberships (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL UNIQUE REFERENCES users (id),
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    org_role   VARCHAR(10) NOT NULL CHECK (org_role IN ('admin','member')),
    status     VARCHAR(10) NOT NULL CHECK (status IN ('pending','active','suspended','refused')),
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMPTZ,
    note       VARCHAR(500) NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_memberships_org ON memberships (org_id, status);

-- Everyone already here keeps acting for their organisation; its earliest
-- user becomes its 机构管理员.
INSERT INTO memberships (user_id, org_id, org_role, status, created_at, updated_at)
SELECT u.id, u.org_id,
       CASE WHEN u.id = (SELECT MIN(v.id) FROM users v WHERE v.org_id = u.org_id) THEN 'admin' ELSE 'member' END,
       'active', u.created_at, u.created_at
FROM users u;

-- Bumped whenever what a user may do changes (password, suspension,
-- membership): access tokens carry it, and an older one stops at once.
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;

-- Verification evidence (实名认证): 统一社会信用代码 (GB 32100), legal
-- representative and the licence document, stored like contract texts.
ALTER TABLE organizations ADD COLUMN credit_code VARCHAR(18);
ALTER TABLE organizations ADD COLUMN legal_rep VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_name VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_type VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_sha256 VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN verification_requested_at TIMESTAMPTZ;
CREATE UNIQUE INDEX idx_organizations_credit_code ON organizations (credit_code);

-- +goose Down
DROP INDEX idx_organizations_credit_code;
ALTER TABLE organizations DROP COLUMN verification_requested_at;
ALTER TABLE organizations DROP COLUMN licence_size;
ALTER TABLE organizations DROP COLUMN licence_sha256;
ALTER TABLE organizations DROP COLUMN licence_type;
ALTER TABLE organizations DROP COLUMN licence_name;
ALTER TABLE organizations DROP COLUMN legal_rep;
ALTER TABLE organizations DROP COLUMN credit_code;
ALTER TABLE users DROP COLUMN token_version;
DROP TABLE memberships;
