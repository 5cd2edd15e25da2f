package models

import (
	"context"
	"sync"

	"gorm.io/gorm"
)

// Market is the technology market over one database: it owns the database
// handle and this process's auction desks, and every workflow is a method
// of it that takes the caller's context, which reaches the database (a
// cancelled request stops its queries). Build one with NewMarket; tests
// build their own.
type Market struct {
	db    *gorm.DB
	desks sync.Map // lot id -> *lotDesk, see PlaceBid
}

// NewMarket is the market over an open database.
func NewMarket(db *gorm.DB) *Market {
	return &Market{db: db}
}

// Dialect is "postgres" or "sqlite".
func (m *Market) Dialect() string { return Dialect(m.db) }

// Ping checks that the database answers.
func (m *Market) Ping(ctx context.Context) error {
	sqlDB, err := m.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the database.
func (m *Market) Close() error {
	sqlDB, err := m.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
