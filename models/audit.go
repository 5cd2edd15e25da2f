package models

import (
	"context"
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
	ActorName string    `gorm:"-" json:"actor_name"`
	ActorOrg  string    `gorm:"-" json:"actor_org"`
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

// Person is who a user is to the people reading a timeline: name and organisation.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Org  string `json:"org"`
}

// People looks up the names and organisations of users, in one query.
func (m *Market) People(ctx context.Context, ids []int64) (map[int64]Person, error) {
	return people(m.db.WithContext(ctx), ids)
}

func people(db *gorm.DB, ids []int64) (map[int64]Person, error) {
	out := map[int64]Person{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Person
	err := db.Table("users").Select("users.id AS id, users.name AS name, organizations.name AS org").
		Joins("JOIN organizations ON organizations.id = users.org_id").Where("users.id IN ?", ids).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, err
}

// namedAudit fills the actors' names into audit rows.
func namedAudit(db *gorm.DB, logs []AuditLog) error {
	ids := make([]int64, len(logs))
	for i, l := range logs {
		ids[i] = l.ActorID
	}
	people, err := people(db, ids)
	for i := range logs {
		p := people[logs[i].ActorID]
		logs[i].ActorName, logs[i].ActorOrg = p.Name, p.Org
	}
	return err
}
