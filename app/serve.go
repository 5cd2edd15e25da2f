package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"gorm.io/gorm"

	"techmarket/migrations"
	"techmarket/models"
)

// NewLogger is the structured logger of every subcommand.
func NewLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// OpenDatabase opens the configured database and brings its schema up to date.
func OpenDatabase(cfg *Config) (*gorm.DB, error) {
	db, err := models.Open(cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := models.Migrate(db, migrations.FS, "up"); err != nil {
		return nil, fmt.Errorf("数据库迁移失败: %w", err)
	}
	return db, nil
}

// Serve runs the market until ctx ends (SIGINT/SIGTERM), then drains
// in-flight requests before returning.
func Serve(ctx context.Context, cfg *Config, log *slog.Logger) error {
	db, err := OpenDatabase(cfg)
	if err != nil {
		return err
	}
	defer func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	_, f, err := New(cfg, db, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", cfg.Addr, err)
	}
	storage := "sqlite:" + cfg.DataDir
	if models.IsPostgresURL(cfg.DatabaseURL) {
		storage = "postgres"
	}
	log.Info("techmarket serving", "addr", "http://"+ln.Addr().String(), "storage", storage)
	errc := make(chan error, 1)
	go func() { errc <- f.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return f.ShutdownWithTimeout(20 * time.Second)
}
