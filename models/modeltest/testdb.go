package modeltest

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
// migrations, removed when the test ends. It is a copy of a template the
// process migrated once (see templates).
func DB(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	var dsn, dir string
	if dialect == "postgres" {
		dsn = postgresCopy(t)
	} else {
		dir = t.TempDir()
		if err := sqliteCopy(filepath.Join(dir, "techmarket.db")); err != nil {
			t.Fatalf("copy the migrated SQLite template: %v", err)
		}
	}
	return open(t, dsn, dir)
}

// templates are the databases a test process migrated once, one a dialect:
// migrating took seconds under the race detector (SQLite being C translated
// to Go, every memory access is checked), and the app tests alone open
// some 300 databases. Each test's database is a copy: a file copy for
// SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL.
var templates struct {
	sqlite         sync.Once
	sqliteDir      string
	sqliteErr      error
	postgres       sync.Once
	postgresName   string
	postgresErr    error
	postgresServer string
}

func sqliteCopy(to string) error {
	templates.sqlite.Do(func() {
		templates.sqliteDir, templates.sqliteErr = os.MkdirTemp("", "tm-template-")
		if templates.sqliteErr == nil {
			templates.sqliteErr = migrateSQLiteTemplate(templates.sqliteDir)
		}
	})
	if templates.sqliteErr != nil {
		return templates.sqliteErr
	}
	data, err := os.ReadFile(filepath.Join(templates.sqliteDir, "template.db"))
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// migrateSQLiteTemplate migrates a database in dir and writes it, whole and
// without its write-ahead log, to dir/template.db.
func migrateSQLiteTemplate(dir string) error {
	db, err := models.Open("", filepath.Join(dir, "work"))
	if err != nil {
		return err
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	if err := models.Migrate(db, migrations.FS, "up"); err != nil {
		return err
	}
	return db.Exec("VACUUM INTO ?", filepath.Join(dir, "template.db")).Error
}

func postgresCopy(t testing.TB) string {
	t.Helper()
	templates.postgres.Do(func() {
		templates.postgresServer = os.Getenv("TM_TEST_POSTGRES_URL")
		templates.postgresName, templates.postgresErr = migratePostgresTemplate()
	})
	if templates.postgresErr != nil {
		t.Fatalf("migrate the PostgreSQL template: %v", templates.postgresErr)
	}
	return createPostgres(t, "TEMPLATE \""+templates.postgresName+"\"")
}

func migratePostgresTemplate() (string, error) {
	admin, err := models.Open(templates.postgresServer, "")
	if err != nil {
		return "", err
	}
	defer closeDB(admin)
	name := "tm_template_" + strings.ToLower(rand.Text()[:12])
	if err := admin.Exec(fmt.Sprintf(`CREATE DATABASE "%s"`, name)).Error; err != nil {
		return "", err
	}
	u, err := databaseURL(templates.postgresServer, name)
	if err != nil {
		return "", err
	}
	db, err := models.Open(u, "")
	if err != nil {
		return "", err
	}
	// Closed before any copy: PostgreSQL copies only a database nobody
	// is connected to.
	defer closeDB(db)
	return name, models.Migrate(db, migrations.FS, "up")
}

// DropTemplates removes the templates this process made: a package's
// TestMain calls it after its tests.
func DropTemplates() {
	if templates.sqliteDir != "" {
		os.RemoveAll(templates.sqliteDir)
	}
	if templates.postgresName == "" {
		return
	}
	if admin, err := models.Open(templates.postgresServer, ""); err == nil {
		admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS "%s" WITH (FORCE)`, templates.postgresName))
		closeDB(admin)
	}
}

func closeDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
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
	return open(t, dsn, dir)
}

func open(t testing.TB, dsn, dir string) *gorm.DB {
	t.Helper()
	db, err := models.Open(dsn, dir)
	if err != nil {
		t.Fatalf("open %s%s: %v", dsn, dir, err)
	}
	t.Cleanup(func() { closeDB(db) })
	return db
}

// PostgresDatabase creates a throwaway database on the server named by
// TM_TEST_POSTGRES_URL, dropped when the test ends, and returns its URL.
// Without TM_TEST_POSTGRES_URL the test is skipped.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	return createPostgres(t, "")
}

// createPostgres creates a database with the options given, dropped when
// the test ends, and returns its URL.
func createPostgres(t testing.TB, options string) string {
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
	if err := admin.Exec(fmt.Sprintf(`CREATE DATABASE "%s" %s`, name, options)).Error; err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS "%s" WITH (FORCE)`, name))
		closeDB(admin)
	})
	u, err := databaseURL(base, name)
	if err != nil {
		t.Fatalf("TM_TEST_POSTGRES_URL: %v", err)
	}
	return u
}

// databaseURL is the server's URL with another database.
func databaseURL(server, name string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
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
