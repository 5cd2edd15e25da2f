package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// A request that ends stops its queries: the market hands the caller's
// context to the database, in reads and in transactions alike.
func TestACancelledContextReachesTheDatabase(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, _, err := m.ListOrgs(ctx, models.OrgFilter{Page: models.NewPage(1, 20)}); !errors.Is(err, context.Canceled) {
			t.Errorf("a read with a cancelled context: %v", err)
		}
		reg := models.Registration{Username: "cancelled", Password: "Passw0rd-cancelled", Name: "林", Role: models.RoleAdmin,
			OrgName: "市场运营管理办公室", OrgType: models.OrgBureau, Region: "350100"}
		if _, _, err := m.CreateUser(ctx, reg); !errors.Is(err, context.Canceled) {
			t.Errorf("a transaction with a cancelled context: %v", err)
		}
		if _, _, err := m.CreateUser(t.Context(), reg); err != nil {
			t.Errorf("the same registration with a live context: %v", err)
		}
	})
}

// The market's clock is the one its rules judge by and its rows are
// stamped with: a test that fixes it needs no time of its own.
func TestTheMarketsClockStampsItsRows(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		m.Clock = func() time.Time { return at }
		u, org, err := m.CreateUser(t.Context(), models.Registration{Username: "clock", Password: "Passw0rd-clock", Name: "林",
			Role: models.RoleAdmin, OrgName: "市场运营管理办公室", OrgType: models.OrgBureau, Region: "350100"})
		if err != nil {
			t.Fatal(err)
		}
		var stored models.User
		if err := db.First(&stored, u.ID).Error; err != nil {
			t.Fatal(err)
		}
		if !stored.CreatedAt.Equal(at) || !stored.UpdatedAt.Equal(at) {
			t.Errorf("user stamped %v / %v, want %v", stored.CreatedAt, stored.UpdatedAt, at)
		}
		if org.VerifiedAt == nil || !org.VerifiedAt.Equal(at) {
			t.Errorf("organisation verified at %v, want %v", org.VerifiedAt, at)
		}
	})
}
