-- +goose Up
-- Articles a market admin publishes on the home page: 通知公告 (notice) and
-- 政策法规 (policy). The body is HTML sanitised by the server before it is
-- stored; withdrawing a published article takes it off the public pages.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    category     TEXT NOT NULL CHECK (category IN ('notice','policy')),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft','published','withdrawn')),
    published_at DATETIME,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX idx_articles_public ON articles (category, status, published_at);

-- +goose Down
DROP TABLE articles;
