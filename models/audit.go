package models

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// AuditLog records who did what to which entity, with the state before and after.
type AuditLog struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	ActorID   int64     `gorm:"not null;index" json:"actor_id"`
	Action    string    `gorm:"size:64;not null" json:"action"`
	Entity    string    `gorm:"size:32;not null;index:idx_audit_entity" json:"entity"`
	EntityID  int64     `gorm:"not null;index:idx_audit_entity" json:"entity_id"`
	Before    string    `gorm:"type:text;not null;default:''" json:"before"`
	After     string    `gorm:"type:text;not null;default:''" json:"after"`
	CreatedAt time.Time `json:"created_at"`
}

// Audit writes the log row inside the caller's transaction.
func Audit(tx *gorm.DB, actor Actor, action, entity string, id int64, before, after any) error {
	b, err := json.Marshal(before)
	if err != nil {
		return err
	}
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	return tx.Create(&AuditLog{ActorID: actor.UserID, Action: action, Entity: entity, EntityID: id, Before: string(b), After: string(a)}).Error
}
