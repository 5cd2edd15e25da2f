package models

import (
	"encoding/json"
	"strconv"
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
// advisory lock makes outbox ids commit in the order they were assigned, so a
// reader that has seen id N never later finds a smaller id appear.
func emit(tx *gorm.DB, topic, entity string, id int64, payload any) error {
	if Dialect(tx) == "postgres" {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(7426002)").Error; err != nil {
			return err
		}
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	ev := OutboxEvent{Topic: topic, Entity: entity, EntityID: id, Payload: string(b)}
	if err := tx.Create(&ev).Error; err != nil {
		return err
	}
	if Dialect(tx) == "postgres" {
		// Delivered at commit, to every process listening.
		return tx.Exec("SELECT pg_notify(?, ?)", OutboxChannel, strconv.FormatInt(ev.ID, 10)).Error
	}
	return nil
}

// OutboxAfter returns up to limit events after id, oldest first.
func OutboxAfter(db *gorm.DB, id int64, limit int) ([]OutboxEvent, error) {
	var evs []OutboxEvent
	err := db.Where("id > ?", id).Order("id").Limit(limit).Find(&evs).Error
	return evs, err
}

// LastOutboxID is the newest event id, 0 when there is none.
func LastOutboxID(db *gorm.DB) (int64, error) {
	var id *int64
	err := db.Model(&OutboxEvent{}).Select("MAX(id)").Scan(&id).Error
	if err != nil || id == nil {
		return 0, err
	}
	return *id, nil
}

// OutboxChannel is the PostgreSQL NOTIFY channel announcing committed events.
const OutboxChannel = "techmarket_outbox"

// AuctionEventsAfter is what a reconnecting watcher missed.
func AuctionEventsAfter(db *gorm.DB, auctionID, after int64) ([]OutboxEvent, error) {
	var evs []OutboxEvent
	err := db.Where("entity = ? AND entity_id = ? AND id > ?", "auction", auctionID, after).Order("id").Limit(1000).Find(&evs).Error
	return evs, err
}
