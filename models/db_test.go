package models_test

import (
	"testing"

	"techmarket/models"
	"techmarket/models/modeltest"
)

func TestSQLiteRunsWithWALForeignKeysAndBusyTimeout(t *testing.T) {
	db := modeltest.EmptyDB(t, "sqlite")
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "30000"}
	for pragma, v := range want {
		var got string
		if err := db.Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, v)
		}
	}
}

func TestOpenRefusesUnknownDatabaseURLs(t *testing.T) {
	if _, err := models.Open("mysql://x", t.TempDir()); err == nil {
		t.Error("mysql URL accepted")
	}
}

func TestNewPageClamps(t *testing.T) {
	cases := []struct{ page, size, wantPage, wantSize int }{
		{0, 0, 1, 20}, {3, 50, 3, 50}, {1, 1000, 1, 100}, {-2, -5, 1, 20},
	}
	for _, c := range cases {
		p := models.NewPage(c.page, c.size)
		if p.Page != c.wantPage || p.Size != c.wantSize {
			t.Errorf("NewPage(%d,%d) = %+v", c.page, c.size, p)
		}
	}
}
