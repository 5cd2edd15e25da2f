-- +goose Up
-- A user acts for an organisation only through an active membership. Joining
-- an organisation someone else registered starts pending; its 机构管理员 (or,
-- for agencies and bureaus, a market admin) decides.
CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users (id),
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    org_role   TEXT NOT NULL CHECK (org_role IN ('admin','member')),
    status     TEXT NOT NULL CHECK (status IN ('pending','active','suspended','refused')),
    decided_by INTEGER REFERENCES users (id),
    decided_at DATETIME,
    note       TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
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
ALTER TABLE organizations ADD COLUMN credit_code TEXT;
ALTER TABLE organizations ADD COLUMN legal_rep TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_type TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN licence_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN verification_requested_at DATETIME;
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
