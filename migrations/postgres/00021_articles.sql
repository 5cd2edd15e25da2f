-- +goose Up
-- Articles a market admin publishes on the home page: 通知公告 (notice) and
-- 政策法规 (policy). The body is HTML sanitised by the server before it is
-- stored; withdrawing a published article takes it off the public pages.
CREATE TABLE articles (
    id           BIGSERIAL PRIMARY KEY,
    category     VARCHAR(20) NOT NULL CHECK (category IN ('notice','policy')),
    title        VARCHAR(200) NOT NULL,
    body         TEXT NOT NULL,
    status       VARCHAR(20) NOT NULL CHECK (status IN ('draft','published','withdrawn')),
    published_at TIMESTAMPTZ,
    created_by   BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_articles_public ON articles (category, status, published_at);

-- +goose Down
DROP TABLE articles;
