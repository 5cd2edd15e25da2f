package models

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// Open connects to PostgreSQL when url is a postgres:// URL, otherwise to the
// embedded SQLite file in dataDir.
func Open(url, dataDir string) (*gorm.DB, error) {
	cfg := &gorm.Config{
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return time.Now().UTC() },
		TranslateError: true,
	}
	if IsPostgresURL(url) {
		db, err := gorm.Open(postgres.Open(url), cfg)
		if err != nil {
			return nil, fmt.Errorf("连接 PostgreSQL 失败: %w", err)
		}
		sqlDB, _ := db.DB()
		// Keep as many idle connections as may be open: database/sql keeps
		// only two by default, and each connection past those is closed after
		// use and reopened, forking a PostgreSQL backend per busy request.
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		return db, nil
	}
	if url != "" {
		return nil, fmt.Errorf("TM_DATABASE_URL 只支持 postgres:// 或 postgresql://，留空则使用内置 SQLite")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	return openSQLite(filepath.Join(dataDir, "techmarket.db"), cfg)
}

func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// SQLite settings: WAL lets readers run beside the one writer; busy_timeout
// makes a second writer wait instead of failing; _txlock=immediate takes the
// write lock at BEGIN, so two transactions never both read and then deadlock
// upgrading to a write lock. (_time_format must stay out of the DSN: this
// driver stops reading parameters after it, silently dropping _txlock.)
func openSQLite(path string, cfg *gorm.Config) (*gorm.DB, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(30000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("打开 SQLite 数据库失败: %w", err)
	}
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	return db, serialise(db)
}

// Dialect is "postgres" or "sqlite": the migrations folder of the database.
func Dialect(db *gorm.DB) string {
	if db.Dialector.Name() == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// Migrate runs goose over the dialect's folder of migrations (up, down, status).
func Migrate(db *gorm.DB, migrations fs.FS, command string) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	dialect := Dialect(db)
	sub, err := fs.Sub(migrations, dialect)
	if err != nil {
		return err
	}
	gooseDialect := goose.DialectSQLite3
	if dialect == "postgres" {
		gooseDialect = goose.DialectPostgres
	}
	var opts []goose.ProviderOption
	if dialect == "postgres" {
		// Several serve processes may start at once: one migrates, the others
		// wait on goose's advisory lock and then find nothing to do.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gooseDialect, sqlDB, sub, opts...)
	if err != nil {
		return err
	}
	return runGoose(context.Background(), p, command)
}

func runGoose(ctx context.Context, p *goose.Provider, command string) error {
	switch command {
	case "up":
		res, err := p.Up(ctx)
		for _, r := range res {
			slog.Info("migration applied", "version", r.Source.Version, "file", filepath.Base(r.Source.Path))
		}
		return err
	case "down":
		r, err := p.Down(ctx)
		if r != nil && r.Source != nil {
			slog.Info("migration rolled back", "version", r.Source.Version)
		}
		return err
	case "down-to-zero":
		_, err := p.DownTo(ctx, 0)
		return err
	case "status":
		st, err := p.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			applied := "未应用"
			if s.State == goose.StateApplied {
				applied = "已应用 " + s.AppliedAt.Local().Format("2006-01-02 15:04:05")
			}
			fmt.Printf("%05d  %-40s %s\n", s.Source.Version, filepath.Base(s.Source.Path), applied)
		}
		return nil
	}
	return fmt.Errorf("未知的迁移命令 %q（可用：up、down、status）", command)
}

// forUpdate locks the rows the query reads until the transaction ends: a row
// lock on PostgreSQL; on SQLite the immediate transaction already holds the
// database's write lock.
func forUpdate(tx *gorm.DB) *gorm.DB {
	if Dialect(tx) == "postgres" {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

// lockFor opens an act of an actor on one row, the way every such act
// begins: the row of T with the id is locked for the transaction; a row the
// actor may not see answers notFound, as a missing one does, so that ids
// cannot be probed; and one the actor sees but may not act on answers
// forbidden. A nil may lets every actor who sees the row through.
func lockFor[T any](tx *gorm.DB, id int64, notFound *Error, sees, may func(*T) bool, forbidden *Error) (*T, error) {
	row, err := lockByID[T](tx, id, notFound)
	if err != nil {
		return nil, err
	}
	if !sees(row) {
		return nil, notFound
	}
	if may != nil && !may(row) {
		return nil, forbidden
	}
	return row, nil
}

// lockByID reads one row for update, answering notFound when there is none.
func lockByID[T any](tx *gorm.DB, id int64, notFound *Error) (*T, error) {
	return findByID[T](forUpdate(tx), id, notFound)
}

// findByID reads one row, answering notFound when there is none.
func findByID[T any](db *gorm.DB, id int64, notFound *Error) (*T, error) {
	var row T
	if err := db.First(&row, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound
		}
		return nil, err
	}
	return &row, nil
}
