-- +goose Up
-- Stored files, content-addressed: one row per distinct content, keyed by
-- its SHA-256, shared by every record that refers to it. They live in the
-- database so that every serve process can answer them and a backup of the
-- database carries them. Listing attachments are the first user; contract
-- texts and proposal files may move here later.
CREATE TABLE blobs (
    sha256     VARCHAR(64) PRIMARY KEY CHECK (length(sha256) = 64),
    mime       VARCHAR(50) NOT NULL,
    size       BIGINT NOT NULL CHECK (size > 0),
    data       BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Attachments of a listing (achievement or need): images with a thumbnail,
-- PDFs (patent certificates, test and valuation reports) and video links.
-- visibility says whether the public sees it or only those who may read
-- the listing's confidential detail.
CREATE TABLE listing_attachments (
    id           BIGSERIAL PRIMARY KEY,
    kind         VARCHAR(20) NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id   BIGINT NOT NULL,
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    media        VARCHAR(10) NOT NULL CHECK (media IN ('image','pdf','video')),
    category     VARCHAR(30) NOT NULL CHECK (category IN ('photo','patent_certificate','test_report','valuation_report','video','other')),
    visibility   VARCHAR(20) NOT NULL CHECK (visibility IN ('public','confidential')),
    name         VARCHAR(200) NOT NULL,
    sha256       VARCHAR(64) REFERENCES blobs (sha256),
    thumb_sha256 VARCHAR(64) REFERENCES blobs (sha256),
    url          VARCHAR(500) NOT NULL DEFAULT '',
    size         BIGINT NOT NULL DEFAULT 0,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    created_by   BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    CHECK ((media = 'video') = (sha256 IS NULL))
);
CREATE INDEX idx_listing_attachments_listing ON listing_attachments (kind, listing_id);
CREATE INDEX idx_listing_attachments_sha256 ON listing_attachments (sha256);
CREATE INDEX idx_listing_attachments_thumb ON listing_attachments (thumb_sha256);
CREATE INDEX idx_listing_attachments_org ON listing_attachments (org_id);

-- +goose Down
DROP TABLE listing_attachments;
DROP TABLE blobs;
