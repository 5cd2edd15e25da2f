package models

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// OutboxEvent is written in the same transaction as the change it announces;
// every serve process tails the table into its own search index.
type OutboxEvent struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	Topic     string    `gorm:"size:50;not null" json:"topic"`
	Entity    string    `gorm:"size:30;not null" json:"entity"`
	EntityID  int64     `gorm:"not null" json:"entity_id"`
	Payload   string    `gorm:"type:text;not null;default:''" json:"payload"`
	CreatedAt time.Time `json:"created_at"`
}

// emit appends an event inside tx. On PostgreSQL a transaction-scoped
// advisory lock, taken before the id is drawn, makes outbox ids commit in the
// order they were assigned, so a reader that has seen id N never later finds
// a smaller id appear; the NOTIFY is delivered at commit to every process
// listening. Lock, insert and notify go in one statement because writers
// queue on that lock: each round trip held under it delays all of them.
func emit(tx *gorm.DB, topic, entity string, id int64, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	if Dialect(tx) == "postgres" {
		return tx.Exec(`WITH ev AS (
			INSERT INTO outbox_events (topic, entity, entity_id, payload, created_at)
			SELECT ?, ?, ?, ?, ? FROM (SELECT pg_advisory_xact_lock(7426002)) AS locked
			RETURNING id)
		SELECT pg_notify(?, id::text) FROM ev`, topic, entity, id, string(b), tx.NowFunc(), OutboxChannel).Error
	}
	return tx.Create(&OutboxEvent{Topic: topic, Entity: entity, EntityID: id, Payload: string(b)}).Error
}

// OutboxAfter returns up to limit events after id, oldest first.
func (m *Market) OutboxAfter(ctx context.Context, id int64, limit int) ([]OutboxEvent, error) {
	db := m.db.WithContext(ctx)
	var evs []OutboxEvent
	err := db.Where("id > ?", id).Order("id").Limit(limit).Find(&evs).Error
	return evs, err
}

// LastOutboxID is the newest event id, 0 when there is none.
func (m *Market) LastOutboxID(ctx context.Context) (int64, error) {
	db := m.db.WithContext(ctx)
	var id *int64
	err := db.Model(&OutboxEvent{}).Select("MAX(id)").Scan(&id).Error
	if err != nil || id == nil {
		return 0, err
	}
	return *id, nil
}

// OutboxChannel is the PostgreSQL NOTIFY channel announcing committed events.
const OutboxChannel = "techmarket_outbox"

// AuctionEventsAfter is what a reconnecting watcher missed, the oldest limit events of it.
func (m *Market) AuctionEventsAfter(ctx context.Context, auctionID, after int64, limit int) ([]OutboxEvent, error) {
	db := m.db.WithContext(ctx)
	var evs []OutboxEvent
	err := db.Where("entity = ? AND entity_id = ? AND id > ?", "auction", auctionID, after).Order("id").Limit(limit).Find(&evs).Error
	return evs, err
}

// OutboxBehind is how far a reader whose cursor is after lags: how many
// events come after it, and when the oldest of them was written (zero when
// none), for the operator's metrics.
func (m *Market) OutboxBehind(ctx context.Context, after int64) (int64, time.Time, error) {
	db := m.db.WithContext(ctx)
	var n int64
	if err := db.Model(&OutboxEvent{}).Where("id > ?", after).Count(&n).Error; err != nil || n == 0 {
		return n, time.Time{}, err
	}
	evs, err := m.OutboxAfter(ctx, after, 1)
	if err != nil || len(evs) == 0 {
		return n, time.Time{}, err
	}
	return n, evs[0].CreatedAt, nil
}

// OutboxConsumerCursor is the last event a shared outbox consumer (such as
// "saved_searches") has handled, 0 before its first.
func (m *Market) OutboxConsumerCursor(ctx context.Context, name string) (int64, error) {
	var ids []int64
	err := m.db.WithContext(ctx).Model(&ConsumerCursor{}).Where("name = ?", name).Pluck("last_id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}
