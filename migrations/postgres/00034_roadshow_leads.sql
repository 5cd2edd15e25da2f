-- +goose Up
-- Roadshows that lead somewhere (issue 18, item 4) and deal statistics by
-- channel (item 5).
--
-- An intent recorded at a roadshow becomes a lead (interests.roadshow_id)
-- for the organising broker firm. The roadshow lead may sit beside the
-- organisation's own 我有意向 on the same achievement, so the one-per-org
-- rule holds separately for plain interests and per roadshow.
ALTER TABLE interests ADD COLUMN roadshow_id BIGINT REFERENCES roadshows (id);
DROP INDEX idx_interests_org_listing;
CREATE UNIQUE INDEX idx_interests_org_listing ON interests (kind, listing_id, org_id) WHERE roadshow_id IS NULL;
CREATE UNIQUE INDEX idx_interests_roadshow_org_listing ON interests (roadshow_id, kind, listing_id, org_id) WHERE roadshow_id IS NOT NULL;

-- Attendance: the organiser checks a registered seat in.
ALTER TABLE roadshow_seats ADD COLUMN checked_in_at TIMESTAMPTZ;

-- A deal knows the roadshow it came from, for the event's statistics.
ALTER TABLE deals ADD COLUMN roadshow_id BIGINT REFERENCES roadshows (id);
CREATE INDEX idx_deals_roadshow_id ON deals (roadshow_id);

-- A match from a roadshow lead may name the interested enterprise without
-- a published need: need_id becomes optional, and only a roadshow match may
-- leave it out.
ALTER TABLE matches ADD COLUMN roadshow_id BIGINT REFERENCES roadshows (id);
ALTER TABLE matches ALTER COLUMN need_id DROP NOT NULL;
ALTER TABLE matches ADD CONSTRAINT matches_subject_check CHECK (need_id IS NOT NULL OR roadshow_id IS NOT NULL);
CREATE INDEX idx_matches_roadshow_id ON matches (roadshow_id);

-- +goose Down
UPDATE interests SET match_id = NULL WHERE match_id IN (SELECT id FROM matches WHERE need_id IS NULL);
DELETE FROM match_notes WHERE match_id IN (SELECT id FROM matches WHERE need_id IS NULL);
DELETE FROM matches WHERE need_id IS NULL;
ALTER TABLE matches DROP CONSTRAINT matches_subject_check;
ALTER TABLE matches ALTER COLUMN need_id SET NOT NULL;
DROP INDEX idx_matches_roadshow_id;
ALTER TABLE matches DROP COLUMN roadshow_id;
DROP INDEX idx_deals_roadshow_id;
ALTER TABLE deals DROP COLUMN roadshow_id;
ALTER TABLE roadshow_seats DROP COLUMN checked_in_at;
DELETE FROM interests WHERE roadshow_id IS NOT NULL;
DROP INDEX idx_interests_roadshow_org_listing;
DROP INDEX idx_interests_org_listing;
ALTER TABLE interests DROP COLUMN roadshow_id;
CREATE UNIQUE INDEX idx_interests_org_listing ON interests (kind, listing_id, org_id);
