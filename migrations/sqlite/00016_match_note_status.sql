-- +goose Up
-- A match note records the status the match moved to, or '' for a note
-- that moved nothing; like every workflow's status it is checked here.
-- SQLite adds a CHECK only by rebuilding the table (nothing refers to it).
CREATE TABLE match_notes_before_00016 AS SELECT * FROM match_notes;
DROP TABLE match_notes;
CREATE TABLE match_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id   INTEGER NOT NULL REFERENCES matches (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT '' CHECK (status IN ('','proposed','contacted','negotiating','agreed','failed')),
    created_at DATETIME NOT NULL
);
INSERT INTO match_notes (id, match_id, author_id, body, status, created_at)
    SELECT id, match_id, author_id, body, status, created_at FROM match_notes_before_00016;
DROP TABLE match_notes_before_00016;
CREATE INDEX idx_match_notes_match_id ON match_notes (match_id);

-- +goose Down
CREATE TABLE match_notes_before_00016 AS SELECT * FROM match_notes;
DROP TABLE match_notes;
CREATE TABLE match_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id   INTEGER NOT NULL REFERENCES matches (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
INSERT INTO match_notes (id, match_id, author_id, body, status, created_at)
    SELECT id, match_id, author_id, body, status, created_at FROM match_notes_before_00016;
DROP TABLE match_notes_before_00016;
CREATE INDEX idx_match_notes_match_id ON match_notes (match_id);
