-- +goose Up
-- A reconnecting watcher's replay reads one auction's events after an id;
-- without this index that read walks every later event of the whole market.
CREATE INDEX idx_outbox_events_entity ON outbox_events (entity, entity_id, id);

-- +goose Down
DROP INDEX idx_outbox_events_entity;
