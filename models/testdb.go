package models

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// Databases runs fn once on a fresh migrated SQLite database and, when
// TM_TEST_POSTGRES_URL is set, once more on a throwaway PostgreSQL database,
// as subtests named after the dialect.
func Databases(t *testing.T, migrations fs.FS, fn func(t *testing.T, db *gorm.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, TestDB(t, migrations, "sqlite")) })
	if os.Getenv("TM_TEST_POSTGRES_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, TestDB(t, migrations, "postgres")) })
	}
}

// TestDB opens a fresh, migrated database of the dialect, removed when the test ends.
func TestDB(t testing.TB, migrations fs.FS, dialect string) *gorm.DB {
	t.Helper()
	db := EmptyTestDB(t, dialect)
	if err := Migrate(db, migrations, "up"); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// EmptyTestDB opens a fresh database without applying migrations.
func EmptyTestDB(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	// Cheap hashes: tests create hundreds of users.
	PasswordParams = Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	var dsn, dir string
	if dialect == "postgres" {
		dsn = TestPostgresDatabase(t)
	} else {
		dir = t.TempDir()
	}
	db, err := Open(dsn, dir)
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

// TestPostgresDatabase creates a throwaway database on the server named by
// TM_TEST_POSTGRES_URL, dropped when the test ends, and returns its URL.
func TestPostgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TM_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TM_TEST_POSTGRES_URL 未设置，跳过 PostgreSQL 测试")
	}
	admin, err := Open(base, "")
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	name := "tm_" + strings.ToLower(randomToken(9))
	name = strings.NewReplacer("-", "_").Replace(name)
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

func PostgresTestURLSet() bool { return os.Getenv("TM_TEST_POSTGRES_URL") != "" }
