-- +goose Up
-- The working-day calendar: weekdays off (holiday) and weekend days worked in
-- their place (workday, 调休上班), as the State Council publishes them. Days
-- not listed are what their weekday says.
CREATE TABLE calendar_days (
    day        VARCHAR(10) PRIMARY KEY,
    kind       VARCHAR(10) NOT NULL CHECK (kind IN ('holiday','workday')),
    name       VARCHAR(50) NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL
);
-- When an auction's buyer must have signed by, counted on the calendar of
-- the hammer's day (deals from before count Monday to Friday).
ALTER TABLE deals ADD COLUMN sign_by TIMESTAMPTZ;

-- +goose Down
ALTER TABLE deals DROP COLUMN sign_by;
DROP TABLE calendar_days;
