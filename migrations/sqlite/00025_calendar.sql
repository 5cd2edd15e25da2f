-- +goose Up
-- The working-day calendar: weekdays off (holiday) and weekend days worked in
-- their place (workday, 调休上班), as the State Council publishes them. Days
-- not listed are what their weekday says.
CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
    name       TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at DATETIME NOT NULL
);
-- When an auction's buyer must have signed by, counted on the calendar of
-- the hammer's day (deals from before count Monday to Friday).
ALTER TABLE deals ADD COLUMN sign_by DATETIME;

-- +goose Down
ALTER TABLE deals DROP COLUMN sign_by;
DROP TABLE calendar_days;
