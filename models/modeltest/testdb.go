package modeltest

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"

	"techmarket/migrations"
	"techmarket/models"
)

// CheapPasswords are the argon2id parameters of the tests' markets: tests
// create hundreds of users, and the real cost would make each one slow.
var CheapPasswords = models.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Databases runs fn once on a fresh migrated SQLite database and, when
// TM_TEST_POSTGRES_URL is set, once more on a throwaway PostgreSQL database,
// as subtests named after the dialect. The two run side by side: each has
// its own database, and on two cores the suite (under -race) takes half as
// long at its end, when the app package runs alone. They start when the
// calling test function returns, so it must not look at their results.
func Databases(t *testing.T, fn func(t *testing.T, db *gorm.DB)) {
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, DB(t, "sqlite")) })
	if PostgresURLSet() {
		t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, DB(t, "postgres")) })
	}
}

// DB opens a fresh database of the dialect migrated with the project's
// migrations, removed when the test ends.
func DB(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	db := EmptyDB(t, dialect)
	if err := models.Migrate(db, migrations.FS, "up"); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// EmptyDB opens a fresh database without applying migrations.
func EmptyDB(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	var dsn, dir string
	if dialect == "postgres" {
		dsn = PostgresDatabase(t)
	} else {
		dir = t.TempDir()
	}
	db, err := models.Open(dsn, dir)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

// PostgresDatabase creates a throwaway database on the server named by
// TM_TEST_POSTGRES_URL, dropped when the test ends, and returns its URL.
// Without TM_TEST_POSTGRES_URL the test is skipped.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TM_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TM_TEST_POSTGRES_URL 未设置，跳过 PostgreSQL 测试")
	}
	admin, err := models.Open(base, "")
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	name := "tm_" + strings.ToLower(rand.Text()[:12])
	if err := admin.Exec(fmt.Sprintf(`CREATE DATABASE "%s"`, name)).Error; err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS "%s" WITH (FORCE)`, name))
		if sqlDB, err := admin.DB(); err == nil {
			sqlDB.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TM_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// PostgresURLSet says whether TM_TEST_POSTGRES_URL names a PostgreSQL
// server the tests may create databases on.
func PostgresURLSet() bool { return os.Getenv("TM_TEST_POSTGRES_URL") != "" }

// NewMarket is the market a test works on over db: the default rules, but
// CheapPasswords and no minimum announcement period for auctions (tests of
// bidding run an auction that starts now; the announcement's tests set
// the default minimum back).
func NewMarket(db *gorm.DB) *models.Market {
	m := models.NewMarket(db)
	m.Rules.Password = CheapPasswords
	m.Rules.AuctionNoticeDays = 0
	return m
}
