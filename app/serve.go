package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"gorm.io/gorm"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/search"
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
	srv, f, err := New(cfg, db, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	go srv.keepIndexed(ctx)
	go srv.expireListings(ctx)
	go srv.announceSavedSearchHits(ctx)
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

// keepIndexed rebuilds an index that Open found empty or stale, then tails
// the outbox. Until it has caught up, /readyz answers 503.
func (s *Server) keepIndexed(ctx context.Context) {
	ix := s.indexer.Index()
	if ix.Rebuilt() {
		s.log.Info("search index is new or its mapping changed: rebuilding from the database")
		s.rebuilding.Store(true)
		err := s.indexer.Rebuild(ctx, func(done, total int) {
			if done == total || done%5000 == 0 {
				s.log.Info("rebuilding search index", "done", done, "total", total)
			}
		})
		if err != nil {
			s.log.Error("rebuilding the search index failed", "err", err)
			return
		}
		s.rebuilding.Store(false)
	}
	s.indexer.Run(ctx, 250*time.Millisecond)
}

// expireListings closes listings past their validity or deadline once a
// minute. Each closure is a locked, conditional transition, so several
// processes running it at once close each listing once.
func (s *Server) expireListings(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		now := time.Now()
		na, err := models.ExpireListings[models.Achievement](s.db, now)
		if err == nil {
			var nn int
			nn, err = models.ExpireListings[models.Need](s.db, now)
			na += nn
		}
		if err != nil {
			s.log.Error("expiring listings failed", "err", err)
		} else if na > 0 {
			s.log.Info("expired listings", "count", na)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Reindex rebuilds this data directory's search index from the database.
// serve must be stopped: the index is locked while a server has it open.
func Reindex(ctx context.Context, cfg *Config, db *gorm.DB, log *slog.Logger, progress func(done, total int)) error {
	dir := filepath.Join(cfg.DataDir, "index")
	if err := os.RemoveAll(dir + ".old"); err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		// Opening it first proves no server holds it.
		ix, err := search.Open(dir)
		if err != nil {
			return fmt.Errorf("搜索索引正被占用，请先停止 serve: %w", err)
		}
		ix.Close()
		if err := os.Rename(dir, dir+".old"); err != nil {
			return err
		}
	}
	ix, err := search.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	x, err := search.NewIndexer(ix, db, log)
	if err != nil {
		return err
	}
	if err := x.Rebuild(ctx, progress); err != nil {
		return err
	}
	return os.RemoveAll(dir + ".old")
}
