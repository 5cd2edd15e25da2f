-- +goose Up
-- Stored files, content-addressed: one row per distinct content, keyed by
-- its SHA-256, shared by every record that refers to it. They live in the
-- database so that every serve process can answer them and a backup of the
-- database carries them. Listing attachments are the first user; contract
-- texts and proposal files may move here later.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size > 0),
    data       BLOB NOT NULL,
    created_at DATETIME NOT NULL
);

-- Attachments of a listing (achievement or need): images with a thumbnail,
-- PDFs (patent certificates, test and valuation reports) and video links.
-- visibility says whether the public sees it or only those who may read
-- the listing's confidential detail.
CREATE TABLE listing_attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id   INTEGER NOT NULL,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    media        TEXT NOT NULL CHECK (media IN ('image','pdf','video')),
    category     TEXT NOT NULL CHECK (category IN ('photo','patent_certificate','test_report','valuation_report','video','other')),
    visibility   TEXT NOT NULL CHECK (visibility IN ('public','confidential')),
    name         TEXT NOT NULL,
    sha256       TEXT REFERENCES blobs (sha256),
    thumb_sha256 TEXT REFERENCES blobs (sha256),
    url          TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   DATETIME NOT NULL,
    CHECK ((media = 'video') = (sha256 IS NULL))
);
CREATE INDEX idx_listing_attachments_listing ON listing_attachments (kind, listing_id);
CREATE INDEX idx_listing_attachments_sha256 ON listing_attachments (sha256);
CREATE INDEX idx_listing_attachments_thumb ON listing_attachments (thumb_sha256);
CREATE INDEX idx_listing_attachments_org ON listing_attachments (org_id);

-- +goose Down
DROP TABLE listing_attachments;
DROP TABLE blobs;
