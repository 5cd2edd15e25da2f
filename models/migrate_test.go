package models_test

import (
	"regexp"
	"strings"
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

// Every workflow's status column names its statuses in a CHECK, on both
// databases: a status the code does not know cannot be stored, whoever
// writes it.
func TestEveryStatusColumnIsChecked(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		var cols []struct{ Table, Column string }
		if db.Dialector.Name() == "postgres" {
			err := db.Raw(`SELECT c.table_name AS "table", c.column_name AS "column"
				FROM information_schema.columns c
				WHERE c.table_schema = current_schema() AND (c.column_name = 'status' OR c.column_name LIKE '%\_status')
				AND NOT EXISTS (SELECT 1 FROM information_schema.constraint_column_usage u
					JOIN information_schema.check_constraints k ON k.constraint_schema = u.constraint_schema AND k.constraint_name = u.constraint_name
					WHERE u.table_schema = c.table_schema AND u.table_name = c.table_name AND u.column_name = c.column_name)
				ORDER BY 1, 2`).Scan(&cols).Error
			if err != nil {
				t.Fatal(err)
			}
		} else {
			var tables []struct{ Name, SQL string }
			if err := db.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables).Error; err != nil {
				t.Fatal(err)
			}
			for _, tb := range tables {
				var info []struct{ Name string }
				if err := db.Raw(`SELECT name FROM pragma_table_info(?)`, tb.Name).Scan(&info).Error; err != nil {
					t.Fatal(err)
				}
				for _, c := range info {
					if c.Name != "status" && !strings.HasSuffix(c.Name, "_status") {
						continue
					}
					if !regexp.MustCompile(`CHECK \(\s*` + c.Name + `\s+IN\s*\(`).MatchString(tb.SQL) {
						cols = append(cols, struct{ Table, Column string }{tb.Name, c.Name})
					}
				}
			}
		}
		for _, c := range cols {
			t.Errorf("%s.%s has no CHECK naming its statuses", c.Table, c.Column)
		}
	})
}
