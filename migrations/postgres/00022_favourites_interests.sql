-- +goose Up
-- 收藏: a user's star on a published listing of another organisation. The
-- title is kept as it was when starred, so that 我的收藏 can still name a
-- listing that has since left publication without reading its new content.
CREATE TABLE favourites (
    id            BIGSERIAL PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id    BIGINT NOT NULL,
    listing_title TEXT NOT NULL,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_favourites_user_listing ON favourites (user_id, kind, listing_id);
CREATE INDEX idx_favourites_listing ON favourites (kind, listing_id);

-- 我有意向: an organisation's expression of interest in a listing, with a
-- message. It is a lead for the brokers: open until a broker firm follows it
-- up (and so takes it) or proposes a match from it. One per organisation
-- and listing.
CREATE TABLE interests (
    id             BIGSERIAL PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('achievement','need')),
    listing_id     BIGINT NOT NULL,
    listing_title  TEXT NOT NULL,
    owner_org_id   BIGINT NOT NULL REFERENCES organizations (id),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    org_id         BIGINT NOT NULL REFERENCES organizations (id),
    message        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open','followed_up','matched')),
    broker_id      BIGINT REFERENCES users (id),
    broker_org_id  BIGINT REFERENCES organizations (id),
    follow_up_note TEXT NOT NULL DEFAULT '',
    match_id       BIGINT REFERENCES matches (id),
    handled_at     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_interests_org_listing ON interests (kind, listing_id, org_id);
CREATE INDEX idx_interests_status ON interests (status, broker_org_id);

-- +goose Down
DROP TABLE interests;
DROP TABLE favourites;
