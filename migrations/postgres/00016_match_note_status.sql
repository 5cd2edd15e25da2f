-- +goose Up
-- A match note records the status the match moved to, or '' for a note
-- that moved nothing; like every workflow's status it is checked here.
ALTER TABLE match_notes ADD CONSTRAINT match_notes_status_check
    CHECK (status IN ('','proposed','contacted','negotiating','agreed','failed'));

-- +goose Down
ALTER TABLE match_notes DROP CONSTRAINT match_notes_status_check;
