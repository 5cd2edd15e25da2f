package models_test

import (
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"testing"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/models/modeltest"

	"github.com/pressly/goose/v3"
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

// Migration 00029 puts the targets set before plans into one plan per year,
// counting 技术交易额 as the bulletin did, and takes the rule's figure off
// the agencies' targets (it was computed as if they were districts).
func TestMigration00029MakesAPlanOfEachYear(t *testing.T) {
	for _, dialect := range dialects() {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.EmptyDB(t, dialect)
			sqlDB, err := db.DB()
			if err != nil {
				t.Fatal(err)
			}
			sub, _ := fs.Sub(migrations.FS, dialect)
			gd := goose.DialectSQLite3
			if dialect == "postgres" {
				gd = goose.DialectPostgres
			}
			p, err := goose.NewProvider(gd, sqlDB, sub)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(t.Context(), 28); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO organizations (name, type, region, status, created_at, updated_at) VALUES ('福州市科学技术局', 'bureau', '350100', 'verified', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO users (username, password_hash, name, role, org_id, created_at, updated_at) VALUES ('admin', 'x', '管理员', 'admin', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO targets (year, kind, target_key, name, last_year_fen, gdp_share, rule_fen, target_fen, updated_by, updated_at) VALUES
					(2024, 'district', '350102', '福州市鼓楼区', 100, 0.8, 125, 130, 1, CURRENT_TIMESTAMP),
					(2024, 'agency', '5', '福建省高新技术创业服务中心', 100, 0, 400, 300, 1, CURRENT_TIMESTAMP),
					(2025, 'district', '350102', '福州市鼓楼区', 130, 0.8, 163, 163, 1, CURRENT_TIMESTAMP)`,
			} {
				if err := db.Exec(q).Error; err != nil {
					t.Fatal(err)
				}
			}
			if err := models.Migrate(db, migrations.FS, "up"); err != nil {
				t.Fatal(err)
			}
			var plans []models.TargetPlan
			db.Order("from_year").Find(&plans)
			var targets []models.Target
			db.Order("id").Find(&targets)
			if len(plans) != 2 || plans[0].Name != "2024 年度目标" || plans[1].Name != "2025 年度目标" || plans[0].Measure != models.MeasureTech {
				t.Fatalf("plans %+v", plans)
			}
			want := []struct {
				plan       int64
				rule, year int
			}{{plans[0].ID, 125, 2024}, {plans[0].ID, 0, 2024}, {plans[1].ID, 163, 2025}}
			for i, tg := range targets {
				if tg.PlanID != want[i].plan || tg.RuleFen != int64(want[i].rule) || tg.FromYear != want[i].year || tg.Measure != models.MeasureTech {
					t.Errorf("target %d: %+v", i, tg)
				}
			}
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
