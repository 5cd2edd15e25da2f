package models_test

import (
	"sync"
	"testing"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/models/modeltest"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

func TestMigrationsUpDownUpAndModelsMatchSchema(t *testing.T) {
	for _, dialect := range dialects() {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.EmptyDB(t, dialect)
			for _, step := range []string{"up", "down-to-zero", "up"} {
				if err := models.Migrate(db, migrations.FS, step); err != nil {
					t.Fatalf("migrate %s: %v", step, err)
				}
			}
			checkModelsMatchSchema(t, db)
		})
	}
}

func TestMigrationsHaveTheSameVersionsInBothDialects(t *testing.T) {
	sqlite, _ := migrations.FS.ReadDir("sqlite")
	postgres, _ := migrations.FS.ReadDir("postgres")
	if len(sqlite) == 0 || len(sqlite) != len(postgres) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(sqlite), len(postgres))
	}
	for i := range sqlite {
		if sqlite[i].Name() != postgres[i].Name() {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, sqlite[i].Name(), postgres[i].Name())
		}
	}
}

func checkModelsMatchSchema(t *testing.T, db *gorm.DB) {
	for _, m := range modeltest.Tables {
		s, err := schema.Parse(m, &sync.Map{}, db.NamingStrategy)
		if err != nil {
			t.Fatal(err)
		}
		if !db.Migrator().HasTable(s.Table) {
			t.Errorf("table %s of %T is missing", s.Table, m)
			continue
		}
		for _, f := range s.Fields {
			if f.DBName == "" {
				continue
			}
			if !db.Migrator().HasColumn(m, f.DBName) {
				t.Errorf("column %s.%s of %T.%s is missing", s.Table, f.DBName, m, f.Name)
			}
		}
	}
}

func dialects() []string {
	if modeltest.PostgresURLSet() {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}
