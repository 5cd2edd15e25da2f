package models_test

import (
	"context"
	"errors"
	"testing"

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
